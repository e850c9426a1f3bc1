using Smo.Adapters.Karmada;
using Smo.Store.Clusters;

namespace Smo.Orchestrations.Graphs.Activities;

/// <summary>
/// Reads Karmada's member clusters into the store (free CPU and memory, readiness, GPU, region/zone). Placement
/// syncs first so it decides on fresh capacities; the API and a timer sync too. Without Karmada configured the
/// store's clusters are used as they are.
/// </summary>
public sealed class InventorySync(ClusterStore clusters, IServiceProvider services)
{
    private const double BytesPerGiB = 1024d * 1024 * 1024;

    /// <summary>The changes, or null when Karmada is not configured.</summary>
    public async Task<InventorySyncResult?> SyncAsync(CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(IClusterInventory)) is not IClusterInventory inventory)
        {
            return null;
        }

        var members = await inventory.ListAsync(cancellationToken);
        return await clusters.UpsertFromInventoryAsync([.. members.Select(Item)], cancellationToken);
    }

    private static ClusterInventoryItem Item(MemberCluster member) => new(
        member.Name,
        member.Allocatable.CpuCores,
        Math.Max(0, member.Free.CpuCores),
        member.Allocatable.MemoryBytes / BytesPerGiB,
        Math.Max(0, member.Free.MemoryBytes / BytesPerGiB),
        member.HasGpu,
        member.Ready)
    {
        Region = member.Region,
        Zone = member.Zone,
    };
}
