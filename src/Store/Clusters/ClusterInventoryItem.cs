namespace Smo.Store.Clusters;

/// <summary>One member cluster as Karmada reports it at a sync: capacity, readiness and placement labels.</summary>
/// <param name="Name">Karmada's <c>Cluster</c> metadata.name.</param>
/// <param name="CpuAvailable">Allocatable minus allocated cores at the time of the sync.</param>
/// <param name="Ready">Karmada's <c>Ready</c> condition is true.</param>
public sealed record ClusterInventoryItem(
    string Name,
    double CpuAllocatable,
    double CpuAvailable,
    double MemoryAllocatableGiB,
    double MemoryAvailableGiB,
    bool Gpu,
    bool Ready)
{
    public string? Region { get; init; }

    public string? Zone { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The cluster's dashboard; null keeps the one stored, since dashboards are published once, on first sight.</summary>
    public string? GrafanaUrl { get; init; }

    /// <summary>From Submariner when it is present; null keeps what is stored.</summary>
    public string? PodCidr { get; init; }

    /// <summary>From Submariner when it is present; null keeps what is stored.</summary>
    public string? ServiceCidr { get; init; }

    internal void Validate(string parameter)
    {
        Require.Subdomain(Name, "The cluster name", parameter);
        Require.NonNegative(CpuAllocatable, $"Cluster '{Name}': allocatable CPU", parameter);
        Require.NonNegative(CpuAvailable, $"Cluster '{Name}': available CPU", parameter);
        Require.NonNegative(MemoryAllocatableGiB, $"Cluster '{Name}': allocatable memory (GiB)", parameter);
        Require.NonNegative(MemoryAvailableGiB, $"Cluster '{Name}': available memory (GiB)", parameter);
        if (Labels is null || Labels.Any(label => string.IsNullOrEmpty(label.Key) || label.Value is null))
        {
            throw new ArgumentException($"Cluster '{Name}': labels must be a map of non-empty keys to non-null values.", parameter);
        }
    }
}
