namespace Smo.Store.Clusters;

/// <summary>A stored cluster: the last inventory sync, its energy profile, and when it was first seen and last synced.</summary>
public sealed record ClusterRecord
{
    public required string Name { get; init; }

    public required double CpuAllocatable { get; init; }

    public required double CpuAvailable { get; init; }

    public required double MemoryAllocatableGiB { get; init; }

    public required double MemoryAvailableGiB { get; init; }

    public required bool Gpu { get; init; }

    public required bool Ready { get; init; }

    public string? Region { get; init; }

    public string? Zone { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public ClusterEnergyProfile? EnergyProfile { get; init; }

    public string? GrafanaUrl { get; init; }

    public string? PodCidr { get; init; }

    public string? ServiceCidr { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    public required DateTimeOffset LastSyncedAt { get; init; }

    /// <summary>When the cluster was last missing from Karmada's list; null while it is a member.</summary>
    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary>A member that is ready: the only kind placement may use.</summary>
    public bool Available => Ready && RemovedAt is null;
}
