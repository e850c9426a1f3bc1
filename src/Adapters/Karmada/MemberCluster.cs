namespace Smo.Adapters.Karmada;

/// <summary>A Karmada member cluster as the placement sees it.</summary>
/// <param name="NotReadyReason">Why the cluster is not ready (condition reason and message); null when ready.</param>
/// <param name="Free">Allocatable minus allocated.</param>
public sealed record MemberCluster(
    string Name,
    bool Ready,
    string? NotReadyReason,
    ClusterResources Allocatable,
    ClusterResources Free,
    bool HasGpu,
    string? Region,
    string? Zone);

public sealed record ClusterResources(double CpuCores, long MemoryBytes);
