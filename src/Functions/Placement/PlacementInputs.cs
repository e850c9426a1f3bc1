using Smo.Functions.Graphs.Translation;
using Smo.Hdag;
using Smo.Hdag.Translation;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>
/// The solver's view of a graph on the federation: its services with their current clusters, the communication
/// edges of <c>connectionPoints</c>, the clusters that are ready, and the graph's weights over the host's defaults.
/// </summary>
public static class PlacementInputs
{
    /// <param name="sizing">Services sized by their load (from a scaling tick): placed with the replicas the load
    /// needs, giving back only the CPU their running replicas hold; the others with their desired replicas.</param>
    public static PlacementProblem Build(
        GraphRecord graph, HdaGraph descriptor, IReadOnlyList<ClusterRecord> clusters, WeightDefaults weights,
        IReadOnlyDictionary<string, ServiceSizing>? sizing = null)
    {
        int Replicas(ServiceRecord s) => sizing?.GetValueOrDefault(s.Name)?.Replicas ?? Math.Max(1, s.DesiredReplicas);
        int Holding(ServiceRecord s) => sizing?.GetValueOrDefault(s.Name)?.Running ?? s.DesiredReplicas;
        var services = graph.Services.Select(s => new Service(s.Name, s.Resources.CpuCores, s.Resources.MemoryGiB, Replicas(s))
        {
            NeedsAcceleration = s.Resources.Gpu,
            CurrentCluster = s.Cluster,
            MinReplicas = s.Scaling?.MinReplicas ?? 1,
            MaxReplicas = s.Scaling?.MaxReplicas ?? int.MaxValue,
            Alpha = s.Scaling?.Alpha ?? 1,
            Beta = s.Scaling?.Beta ?? 0,
            MinClusters = s.Scaling?.MinClusters ?? 1,
            CurrentDivision = s.Division ?? new Dictionary<string, int>(),
        }).ToList();

        // Karmada reports what is free with this graph's own replicas already counted as used: give them back, or a
        // re-placement would see its own services as a competitor for their clusters.
        // A divided service holds its share on each of its clusters.
        var ownUse = graph.Services.Where(s => s.Cluster is not null && s.Status == ServiceStatus.Deployed)
            .SelectMany(s => s.Division is { } division
                ? division.Select(share => (Cluster: share.Key, Service: s, Replicas: share.Value))
                : [(Cluster: s.Cluster!, Service: s, Replicas: Holding(s))])
            .GroupBy(u => u.Cluster, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Cpu: g.Sum(u => u.Service.Resources.CpuCores * u.Replicas), Memory: g.Sum(u => u.Service.Resources.MemoryGiB * u.Replicas)), StringComparer.Ordinal);
        var solverClusters = clusters.Where(c => c.RemovedAt is null).Select(c =>
        {
            var own = ownUse.GetValueOrDefault(c.Name);
            return new Cluster(c.Name, c.CpuAvailable + own.Cpu, c.MemoryAvailableGiB + own.Memory, c.Gpu, c.Ready)
            {
                Energy = c.EnergyProfile is { } e
                    ? new EnergyProfile(e.Pue, e.IdleWattsPerCore, e.MaxWattsPerCore, e.CarbonGramsPerKWh, e.RenewableShare, e.PricePerKWh) { CarbonForecast = e.CarbonForecast }
                    : null,
            };
        }).ToList();

        var known = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var edges = ServiceConnections.Of(descriptor)
            .Where(c => known.Contains(c.From) && known.Contains(c.To))
            .Select(c => new CommunicationEdge(c.From, c.To, c.TrafficWeight))
            .ToList();
        return new PlacementProblem(services, solverClusters) { Edges = edges, Weights = weights.Placement(graph.Strategies.Weights) };
    }
}
