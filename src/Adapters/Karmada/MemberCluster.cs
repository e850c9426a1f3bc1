namespace Smo.Adapters.Karmada;

/// <summary>A Karmada member cluster as the placement sees it.</summary>
/// <param name="Ready">Its Ready condition is True and it has no failure taint (not-ready, unreachable).</param>
/// <param name="NotReadyReason">Why the cluster is not ready (condition status, reason and message; failure taints); null when ready.</param>
/// <param name="Free">Allocatable minus allocated.</param>
public sealed record MemberCluster(
    string Name,
    bool Ready,
    string? NotReadyReason,
    ClusterResources Allocatable,
    ClusterResources Free,
    bool HasGpu,
    string? Region,
    string? Zone)
{
    /// <summary>
    /// Since when it is not ready, as Karmada says: the earliest of the Ready condition's <c>lastTransitionTime</c> and the
    /// failure taints' <c>timeAdded</c>; null when ready or when Karmada gives no time.
    /// </summary>
    public DateTimeOffset? NotReadySince { get; init; }
}

public sealed record ClusterResources(double CpuCores, long MemoryBytes);
