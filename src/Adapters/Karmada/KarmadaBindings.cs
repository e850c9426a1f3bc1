using System.Text.Json;
using k8s;

namespace Smo.Adapters.Karmada;

/// <summary>
/// Reads ResourceBindings through KubernetesClient's custom-object calls. A binding names the object it binds in
/// <c>spec.resource</c>, so bindings are matched to Deployments by that, not by the name Karmada derives
/// (<c>&lt;name&gt;-deployment</c>); bindings of other kinds (Services, ConfigMaps) are skipped.
/// </summary>
public sealed class KarmadaBindings(KarmadaApi api) : IKarmadaBindings
{
    private const string Group = "work.karmada.io";
    private const string Version = "v1alpha2";
    private const string Plural = "resourcebindings";

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListDeploymentClustersAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var operation = $"list the resource bindings of namespace {@namespace}";
        // One list for the namespace rather than a read per Deployment: a tick-sized cost whatever the graph's size.
        var list = await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
            () => api.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, @namespace, Plural, cancellationToken: cancellationToken),
            cancellationToken);
        var clusters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        try
        {
            foreach (var binding in KubernetesObjects.Items(list, ExternalSystem.Karmada, operation))
            {
                if (BoundDeployment(binding) is { } deployment)
                {
                    clusters[deployment] = ScheduledClusters(binding, deployment);
                }
            }
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.Karmada, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
        }

        return clusters;
    }

    /// <summary>The name of the Deployment the binding binds; null for a binding of another kind.</summary>
    private static string? BoundDeployment(JsonElement binding)
    {
        var resource = Child(binding, "spec", "resource");
        if (Text(resource, "kind") != "Deployment" || Text(resource, "apiVersion") != "apps/v1")
        {
            return null;
        }

        return Text(resource, "name") is { Length: > 0 } name ? name : throw new FormatException("a binding of a Deployment has no spec.resource.name");
    }

    /// <summary><c>spec.clusters[].name</c>; absent while the binding is not scheduled.</summary>
    private static IReadOnlyList<string> ScheduledClusters(JsonElement binding, string deployment)
    {
        var clusters = Child(binding, "spec", "clusters");
        if (clusters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }

        if (clusters.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"the binding of Deployment {deployment}: spec.clusters is {clusters.ValueKind}, expected an array");
        }

        return [.. clusters.EnumerateArray().Select(target => Text(target, "name") is { Length: > 0 } name
            ? name
            : throw new FormatException($"the binding of Deployment {deployment}: an entry of spec.clusters has no name"))];
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

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
