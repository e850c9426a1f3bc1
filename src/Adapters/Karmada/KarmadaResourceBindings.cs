using System.Text.Json;
using k8s;

namespace Smo.Adapters.Karmada;

/// <summary>
/// Reads Deployments' ResourceBindings (<c>work.karmada.io/v1alpha2</c>, named <c>{deployment}-deployment</c> as
/// Karmada's <c>names.GenerateBindingName</c> does): per member cluster the replicas scheduled there
/// (<c>spec.clusters</c>) and the member's counters (<c>status.aggregatedStatus[].status</c>). A cluster appears when
/// either names it — one being drained still reports its pods. Karmada omits zero counters, and a member's whole
/// status until it is collected: absent reads as 0.
/// </summary>
public sealed class KarmadaResourceBindings(KarmadaApi api) : IKarmadaResourceBindings
{
    private const string Group = "work.karmada.io";
    private const string Version = "v1alpha2";
    private const string Plural = "resourcebindings";

    /// <summary>The binding Karmada keeps for the Deployment <paramref name="deployment"/>.</summary>
    public static string BindingName(string deployment) => $"{deployment.Replace(':', '.')}-deployment".ToLowerInvariant();

    public async Task<IReadOnlyList<ClusterReplicas>> GetClusterReplicasAsync(string @namespace, string deployment, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        var operation = $"read the replicas per cluster of deployment {@namespace}/{deployment}";
        object binding;
        try
        {
            binding = await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
                () => api.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, @namespace, Plural, BindingName(deployment), cancellationToken),
                cancellationToken);
        }
        catch (AdapterException missing) when (missing.Failure == AdapterFailure.NotFound)
        {
            return [];
        }

        return Read(KubernetesObjects.ToElement(binding), operation);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ClusterReplicas>>> ListClusterReplicasAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var operation = $"list the replicas per cluster of the deployments of namespace {@namespace}";
        var list = await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
            () => api.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, @namespace, Plural, cancellationToken: cancellationToken),
            cancellationToken);
        var replicas = new Dictionary<string, IReadOnlyList<ClusterReplicas>>(StringComparer.Ordinal);
        foreach (var binding in KubernetesObjects.Items(list, ExternalSystem.Karmada, operation))
        {
            var resource = Child(binding, "spec", "resource");
            if (String(resource, "apiVersion") == "apps/v1" && String(resource, "kind") == "Deployment" && String(resource, "name") is { Length: > 0 } name)
            {
                replicas[name] = Read(binding, operation);
            }
        }

        return replicas;
    }

    private static IReadOnlyList<ClusterReplicas> Read(JsonElement binding, string operation)
    {
        try
        {
            var scheduled = Entries(binding, "spec.clusters", "name", entry => Count(entry, "spec.clusters[].replicas", "replicas"), "spec", "clusters");
            var members = Entries(binding, "status.aggregatedStatus", "clusterName", entry => entry, "status", "aggregatedStatus");
            return scheduled.Keys.Union(members.Keys).Order(StringComparer.Ordinal).Select(cluster =>
            {
                var status = members.TryGetValue(cluster, out var member) ? Child(member, "status") : default;
                return new ClusterReplicas(
                    cluster,
                    scheduled.GetValueOrDefault(cluster),
                    Count(status, "status.aggregatedStatus[].status.replicas", "replicas"),
                    Count(status, "status.aggregatedStatus[].status.readyReplicas", "readyReplicas"),
                    Count(status, "status.aggregatedStatus[].status.availableReplicas", "availableReplicas"));
            }).ToList();
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.Karmada, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
        }
    }

    /// <summary>The items of the array at <paramref name="path"/> by their <paramref name="key"/> field; empty when the array is absent.</summary>
    private static Dictionary<string, T> Entries<T>(JsonElement binding, string field, string key, Func<JsonElement, T> value, params string[] path)
    {
        var array = Child(binding, path);
        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        if (array.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return entries;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{field} is {array.ValueKind}, expected an array");
        }

        foreach (var entry in array.EnumerateArray())
        {
            var name = String(entry, key) ?? throw new FormatException($"an item of {field} has no {key}");
            entries[name] = value(entry);
        }

        return entries;
    }

    private static int Count(JsonElement owner, string field, string name)
    {
        var value = Child(owner, name);
        return value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => 0,
            JsonValueKind.Number when value.TryGetInt32(out var count) && count >= 0 => count,
            _ => throw new FormatException($"{field} is {value}, expected a count"),
        };
    }

    private static JsonElement Child(JsonElement element, params string[] path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return default;
            }
        }

        return element;
    }

    private static string? String(JsonElement element, string key)
    {
        var value = Child(element, key);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
