using System.Text.Json;
using k8s;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>Lists <c>submariner.io/v1</c> Cluster objects in the broker namespace.</summary>
public sealed class SubmarinerClusters(SubmarinerApi api, IOptions<SubmarinerOptions> submariner) : ISubmarinerClusters
{
    private const string Operation = "list clusters";

    public async Task<IReadOnlyList<SubmarinerCluster>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!submariner.Value.Enabled)
        {
            return [];
        }

        var list = await KubernetesCall.RunAsync(ExternalSystem.Submariner, Operation,
            () => api.Client.CustomObjects.ListNamespacedCustomObjectAsync("submariner.io", "v1", submariner.Value.BrokerNamespace, "clusters",
                cancellationToken: cancellationToken),
            cancellationToken);
        try
        {
            return KubernetesObjects.Items(list, ExternalSystem.Submariner, Operation).Select(Read).ToList();
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.Submariner, Operation, AdapterFailure.InvalidResponse, exception.Message, exception);
        }
    }

    // Submariner never omits these fields (no omitempty), so a missing one is a malformed object.
    private static SubmarinerCluster Read(JsonElement item)
    {
        if (!item.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a cluster has no spec");
        }

        var id = spec.TryGetProperty("cluster_id", out var idValue) && idValue.ValueKind == JsonValueKind.String
            ? idValue.GetString()!
            : throw new FormatException("a cluster has no spec.cluster_id");
        return new SubmarinerCluster(id, Strings(spec, "cluster_cidr", id), Strings(spec, "service_cidr", id), Strings(spec, "global_cidr", id));
    }

    private static IReadOnlyList<string> Strings(JsonElement spec, string field, string id)
    {
        if (!spec.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array ||
            value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"cluster {id}: spec.{field} is missing or not a list of strings");
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
