using Smo.Functions.Graphs.Translation;
using Smo.Hdag;
using Smo.Hdag.Translation;
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
    public static PlacementProblem Build(GraphRecord graph, HdaGraph descriptor, IReadOnlyList<ClusterRecord> clusters, WeightDefaults weights)
    {
        var services = graph.Services.Select(s => new Service(s.Name, s.Resources.CpuCores, s.Resources.MemoryGiB, Math.Max(1, s.DesiredReplicas))
        {
            NeedsAcceleration = s.Resources.Gpu,
            CurrentCluster = s.Cluster,
            MinReplicas = s.Scaling?.MinReplicas ?? 1,
            MaxReplicas = s.Scaling?.MaxReplicas ?? int.MaxValue,
            Alpha = s.Scaling?.Alpha ?? 1,
            Beta = s.Scaling?.Beta ?? 0,
        }).ToList();

        // Karmada reports what is free with this graph's own replicas already counted as used: give them back, or a
        // re-placement would see its own services as a competitor for their clusters.
        var ownUse = graph.Services.Where(s => s.Cluster is not null && s.Status == ServiceStatus.Deployed)
            .GroupBy(s => s.Cluster!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Cpu: g.Sum(s => s.Resources.CpuCores * s.DesiredReplicas), Memory: g.Sum(s => s.Resources.MemoryGiB * s.DesiredReplicas)), StringComparer.Ordinal);
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
