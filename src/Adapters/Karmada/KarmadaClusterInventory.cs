using System.Text.Json;
using k8s;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>Lists <c>cluster.karmada.io/v1alpha1</c> clusters from the Karmada API server.</summary>
public sealed class KarmadaClusterInventory(KarmadaApi api, IOptions<KarmadaOptions> options) : IClusterInventory
{
    internal const string Group = "cluster.karmada.io";
    internal const string Version = "v1alpha1";
    internal const string Plural = "clusters";

    private const string Operation = "list member clusters";

    public async Task<IReadOnlyList<MemberCluster>> ListAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync(api, options.Value, cancellationToken)).Members;

    /// <summary>The member clusters, by name, and the list's resourceVersion: where a watch of what follows starts.</summary>
    internal static async Task<(IReadOnlyList<MemberCluster> Members, string? ResourceVersion)> ReadAsync(
        KarmadaApi api, KarmadaOptions options, CancellationToken cancellationToken)
    {
        var list = await KubernetesCall.RunAsync(ExternalSystem.Karmada, Operation,
            () => api.Client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Plural, cancellationToken: cancellationToken),
            cancellationToken);
        var items = KubernetesObjects.Items(list, ExternalSystem.Karmada, Operation);
        try
        {
            // All or nothing: one malformed cluster fails the listing rather than silently shrinking the federation.
            var members = items.Select(item => ClusterObjectReader.Read(item, options)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            return (members, ResourceVersionOf(KubernetesObjects.ToElement(list)));
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.Karmada, Operation, AdapterFailure.InvalidResponse, exception.Message, exception);
        }
    }

    private static string? ResourceVersionOf(JsonElement list) =>
        list.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("resourceVersion", out var version) && version.ValueKind == JsonValueKind.String
            ? version.GetString()
            : null;
}
