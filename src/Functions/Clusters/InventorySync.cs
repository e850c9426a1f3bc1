using Smo.Adapters;
using Smo.Adapters.Karmada;
using Smo.Store.Clusters;

namespace Smo.Functions.Clusters;

/// <summary>
/// Reads Karmada's member clusters into the store (free CPU and memory, readiness, GPU, region/zone), with the pod
/// and service CIDRs the Submariner broker knows for them (<c>spec.cluster_cidr[0]</c>, <c>spec.service_cidr[0]</c>,
/// as the original's Submariner variant kept them). Only <see cref="InventoryNotifier"/> calls it, so that every
/// refresh (placement, what-if, the API, the timer) tells the running graphs of a change it sees. Without Karmada
/// configured the store's clusters are used as they are. A cluster not ready for less than the failover grace is
/// stored ready (<see cref="FailoverGrace"/>): placement may still use it, and nothing moves off it yet.
/// </summary>
/// <param name="inventory">Karmada's member clusters, when Karmada is configured.</param>
/// <param name="submariner">The Submariner broker's clusters; an empty list when Submariner is not enabled.</param>
public sealed class InventorySync(
    ClusterStore clusters, FailoverGrace grace, ILogger<InventorySync> logger, IClusterInventory? inventory = null, ISubmarinerClusters? submariner = null)
{
    private const double BytesPerGiB = 1024d * 1024 * 1024;

    /// <summary>The changes, or null when Karmada is not configured.</summary>
    public async Task<InventoryChange?> SyncAsync(CancellationToken cancellationToken = default)
    {
        if (inventory is null)
        {
            return null;
        }

        var before = (await clusters.ListAsync(includeRemoved: true, cancellationToken))
            .ToDictionary(c => c.Name, c => (c.Ready, c.Gpu, Removed: c.RemovedAt is not null), StringComparer.Ordinal);
        var members = await inventory.ListAsync(cancellationToken);
        var held = grace.Hold(members);
        bool Ready(MemberCluster member) => member.Ready || held.Available.Contains(member.Name);
        var ranges = await AddressRangesAsync(cancellationToken);
        var result = await clusters.UpsertFromInventoryAsync([.. members.Select(m => Item(m, Ready(m), ranges.GetValueOrDefault(m.Name)))], cancellationToken);
        var reshaped = result.Added.Count > 0 || result.Removed.Count > 0
            || members.Any(m => !before.TryGetValue(m.Name, out var was) || was.Removed || was.Ready != Ready(m) || was.Gpu != m.HasGpu);
        return new InventoryChange(result, reshaped) { GraceEndsAt = held.EndsAt };
    }

    /// <summary>
    /// The broker's clusters by id. The CIDRs are informational (service imports do not depend on them), so a broker
    /// that cannot be read leaves the stored ones as they are rather than failing the sync.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, SubmarinerCluster>> AddressRangesAsync(CancellationToken cancellationToken)
    {
        if (submariner is null)
        {
            return new Dictionary<string, SubmarinerCluster>();
        }

        try
        {
            return (await submariner.ListAsync(cancellationToken)).DistinctBy(c => c.ClusterId).ToDictionary(c => c.ClusterId, StringComparer.Ordinal);
        }
        catch (AdapterException failure)
        {
            logger.LogWarning("Submariner's clusters could not be read; the clusters' CIDRs stay as they were: {Reason}", failure.Message);
            return new Dictionary<string, SubmarinerCluster>();
        }
    }

    private static ClusterInventoryItem Item(MemberCluster member, bool ready, SubmarinerCluster? ranges) => new(
        member.Name,
        member.Allocatable.CpuCores,
        Math.Max(0, member.Free.CpuCores),
        member.Allocatable.MemoryBytes / BytesPerGiB,
        Math.Max(0, member.Free.MemoryBytes / BytesPerGiB),
        member.HasGpu,
        ready)
    {
        Region = member.Region,
        Zone = member.Zone,
        PodCidr = ranges?.ClusterCidrs.FirstOrDefault(),
        ServiceCidr = ranges?.ServiceCidrs.FirstOrDefault(),
    };
}

/// <param name="Sync">What the store changed.</param>
/// <param name="Reshaped">
/// A cluster appeared, left, changed readiness or GPU: placements may have to change. Free capacity moves with
/// every scale call, and the next placement reads it anyway, so a capacity change alone is not worth a re-placement.
/// </param>
public sealed record InventoryChange(InventorySyncResult Sync, bool Reshaped)
{
    /// <summary>When the first failover grace still running ends: a sync then stores the cluster not ready.</summary>
    public DateTimeOffset? GraceEndsAt { get; init; }
}
