using k8s;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>Lists <c>cluster.karmada.io/v1alpha1</c> clusters from the Karmada API server.</summary>
public sealed class KarmadaClusterInventory(KarmadaApi api, IOptions<KarmadaOptions> options) : IClusterInventory
{
    private const string Operation = "list member clusters";

    public async Task<IReadOnlyList<MemberCluster>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = await KubernetesCall.RunAsync(ExternalSystem.Karmada, Operation,
            () => api.Client.CustomObjects.ListClusterCustomObjectAsync("cluster.karmada.io", "v1alpha1", "clusters", cancellationToken: cancellationToken),
            cancellationToken);
        var items = KubernetesObjects.Items(list, ExternalSystem.Karmada, Operation);
        try
        {
            // All or nothing: one malformed cluster fails the listing rather than silently shrinking the federation.
            return items.Select(item => ClusterObjectReader.Read(item, options.Value)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.Karmada, Operation, AdapterFailure.InvalidResponse, exception.Message, exception);
        }
    }
}
