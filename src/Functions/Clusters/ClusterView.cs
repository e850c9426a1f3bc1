using System.Text.Json.Serialization;
using Smo.Functions.Compatibility;
using Smo.Store.Clusters;

namespace Smo.Functions.Clusters;

/// <summary>
/// A cluster as the API returns it: the original SMO's <c>Cluster.to_dict()</c> fields (snake_case, its formats) beside
/// Smo's own. The original's have no Smo twin of another meaning, so each keeps its name.
/// </summary>
/// <param name="Location">The original's location: Smo's region when known, else "Unknown".</param>
/// <param name="AvailableCpuOriginal">The original's <c>available_cpu</c>: allocatable minus allocated cores at the last sync.</param>
/// <param name="AvailableRam">The original's <c>available_ram</c>, formatted as its <c>format_memory</c> did ("48.00 GiB").</param>
/// <param name="Availability">The original's <c>availability</c>: Karmada says the cluster is ready.</param>
/// <param name="Acceleration">The original's <c>acceleration</c>: the cluster has GPUs (the original always wrote false).</param>
public sealed record ClusterView(
    string Name,
    string Location,
    [property: JsonPropertyName("available_cpu")] double AvailableCpuOriginal,
    [property: JsonPropertyName("available_ram")] string AvailableRam,
    bool Availability,
    bool Acceleration,
    string? Grafana,
    [property: JsonPropertyName("pod_cidr")] string? PodCidrOriginal,
    [property: JsonPropertyName("service_cidr")] string? ServiceCidrOriginal,
    double CpuAllocatable,
    double CpuAvailable,
    double MemoryAllocatableGiB,
    double MemoryAvailableGiB,
    bool Gpu,
    bool Ready,
    bool Available,
    string? Region,
    string? Zone,
    IReadOnlyDictionary<string, string> Labels,
    ClusterEnergyProfile? EnergyProfile,
    string? GrafanaUrl,
    string? PodCidr,
    string? ServiceCidr,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSyncedAt,
    DateTimeOffset? RemovedAt)
{
    public static ClusterView Of(ClusterRecord cluster) => new(
        cluster.Name,
        OriginalFormats.Location(cluster.Region),
        cluster.CpuAvailable,
        OriginalFormats.ClusterMemory(cluster.MemoryAvailableGiB),
        cluster.Ready,
        cluster.Gpu,
        cluster.GrafanaUrl,
        cluster.PodCidr,
        cluster.ServiceCidr,
        cluster.CpuAllocatable,
        cluster.CpuAvailable,
        cluster.MemoryAllocatableGiB,
        cluster.MemoryAvailableGiB,
        cluster.Gpu,
        cluster.Ready,
        cluster.Available,
        cluster.Region,
        cluster.Zone,
        cluster.Labels,
        cluster.EnergyProfile,
        cluster.GrafanaUrl,
        cluster.PodCidr,
        cluster.ServiceCidr,
        cluster.FirstSeenAt,
        cluster.LastSyncedAt,
        cluster.RemovedAt);
}
