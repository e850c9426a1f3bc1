using Smo.Orchestrations.Graphs;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>
/// The installed services a cluster that is gone or not ready holds — their own cluster or any of their division's —
/// as the stored clusters say: one check for the tick, the inventory command and the placement's outcome, so the
/// three never disagree on what "affected" means.
/// </summary>
public static class StrandedServices
{
    /// <summary>Each installed service on each cluster of its that is not available, with what is wrong with that cluster.</summary>
    public static IReadOnlyList<StrandedService> Of(IEnumerable<ServiceRecord> services, IReadOnlyCollection<ClusterRecord> clusters)
    {
        var known = clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        return [.. services.Where(s => s.Status == ServiceStatus.Deployed)
            .SelectMany(s => ClustersOf(s).Select(cluster => (Service: s.Name, Cluster: cluster)))
            .Select(held => known.TryGetValue(held.Cluster, out var cluster) && cluster.Available
                ? null
                : new StrandedService(held.Service, held.Cluster, What(held.Cluster, cluster)))
            .OfType<StrandedService>()];
    }

    /// <summary>Where a service runs: every cluster of its division, or its one cluster.</summary>
    public static IEnumerable<string> ClustersOf(ServiceRecord service) =>
        service.Division is { Count: > 0 } division ? division.Keys.Order(StringComparer.Ordinal) : service.Cluster is { } cluster ? [cluster] : [];

    private static string What(string name, ClusterRecord? cluster) => cluster switch
    {
        null => $"{name} is not in the cluster inventory",
        { RemovedAt: not null } => $"{name} has left the federation",
        _ => $"{name} is not ready",
    };
}
