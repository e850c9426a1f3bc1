using k8s;
using k8s.Models;

namespace Smo.Adapters.Karmada;

/// <summary>Reads and scales Deployments through KubernetesClient (merge patch on the scale subresource).</summary>
public sealed class KarmadaDeployments(KarmadaApi api) : IKarmadaDeployments
{
    public async Task<DeploymentReplicas> GetReplicasAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var deployment = await ReadAsync(@namespace, name, $"read replicas of deployment {@namespace}/{name}", cancellationToken);
        return ReplicasOf(deployment);
    }

    public async Task<IReadOnlyDictionary<string, DeploymentReplicas>> ListReplicasAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var operation = $"list the deployments of namespace {@namespace}";
        var list = await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
            () => api.Client.AppsV1.ListNamespacedDeploymentAsync(@namespace, cancellationToken: cancellationToken),
            cancellationToken);
        var replicas = new Dictionary<string, DeploymentReplicas>(StringComparer.Ordinal);
        foreach (var deployment in list.Items ?? [])
        {
            if (deployment.Metadata?.Name is not { Length: > 0 } name)
            {
                throw new AdapterException(ExternalSystem.Karmada, operation, AdapterFailure.InvalidResponse, "an item of the DeploymentList has no metadata.name");
            }

            replicas[name] = ReplicasOf(deployment);
        }

        return replicas;
    }

    public async Task<int> ScaleAsync(string @namespace, string name, int replicas, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var operation = $"scale deployment {@namespace}/{name} to {replicas}";
        var patch = new V1Patch(new { spec = new { replicas } }, V1Patch.PatchType.MergePatch);
        var scale = await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
            () => api.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, name, @namespace, cancellationToken: cancellationToken),
            cancellationToken);
        // The server omits spec.replicas when it is 0.
        return scale.Spec?.Replicas ?? 0;
    }

    public async Task<DeploymentCpuLimit> GetCpuLimitAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var operation = $"read the CPU limit of deployment {@namespace}/{name}";
        var deployment = await ReadAsync(@namespace, name, operation, cancellationToken);
        var containers = deployment.Spec?.Template?.Spec?.Containers
            ?? throw new AdapterException(ExternalSystem.Karmada, operation, AdapterFailure.InvalidResponse, "the deployment has no spec.template.spec.containers");
        var cores = 0m;
        var withoutLimit = new List<string>();
        foreach (var container in containers)
        {
            if (container.Resources?.Limits is { } limits && limits.TryGetValue("cpu", out var cpu))
            {
                cores += ParseCpu(cpu, container.Name, operation);
            }
            else
            {
                withoutLimit.Add(container.Name);
            }
        }

        return new DeploymentCpuLimit((double)cores, withoutLimit);
    }

    /// <summary>spec.replicas defaults to 1; the status counters are omitted while 0.</summary>
    private static DeploymentReplicas ReplicasOf(V1Deployment deployment) =>
        new(deployment.Spec?.Replicas ?? 1, deployment.Status?.ReadyReplicas ?? 0, deployment.Status?.AvailableReplicas ?? 0);

    private static decimal ParseCpu(ResourceQuantity cpu, string container, string operation)
    {
        try
        {
            return Quantities.Parse(cpu.ToString(), $"container {container} resources.limits.cpu");
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.Karmada, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
        }
    }

    private Task<V1Deployment> ReadAsync(string @namespace, string name, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
            () => api.Client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken),
            cancellationToken);
    }
}
