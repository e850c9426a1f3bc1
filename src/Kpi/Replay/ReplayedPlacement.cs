using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Kpi.Scenarios;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Kpi.Replay;

/// <summary>
/// A placement as the control plane asks for one (<see cref="PlacementInputs.Build"/>), on the replay's federation:
/// the services with their current clusters and, when the tick sized them by their load, the replicas the load needs
/// (giving back only the CPU their running replicas hold); each cluster with its free CPU plus the graph's own use,
/// and its energy profile with the carbon intensity of the moment. Replicated, not called: the control plane builds
/// it from store records and the parsed descriptor.
/// </summary>
public sealed class ReplayedPlacement(GraphDefaults defaults, IPlacementStrategy strategy)
{
    private static readonly IReadOnlyDictionary<string, double> NoOwnWeights = new Dictionary<string, double>();

    /// <summary>The first placement, as a deploy makes it: every service with one replica, none placed yet.</summary>
    public PlacementResult Deploy(KpiScenario scenario) => strategy.Place(
        new PlacementProblem(
            [.. scenario.Services.Select(s => Service(s, replicas: 1, cluster: null))],
            [.. scenario.Clusters.Select(c => Cluster(c, c.Cpu, c.MemoryGiB, carbon: c.Carbon.ValueAt(0)))])
        {
            Edges = Edges(scenario),
            Weights = defaults.Weights.Placement(NoOwnWeights),
        },
        Options);

    /// <summary>
    /// A re-placement at <paramref name="now"/>; <paramref name="pinned"/> services stay where they are. Returns the
    /// services that moved (and moves them, their pods starting again on the new cluster).
    /// </summary>
    public IReadOnlyList<string> Replace(
        KpiScenario scenario, ReplayWorld world, double now, IReadOnlyDictionary<string, ServiceSizing>? sizing, ISet<string>? pinned = null)
    {
        int Replicas(ServiceState s) => sizing?.GetValueOrDefault(s.Name)?.Replicas ?? Math.Max(1, s.Desired);
        int Holding(ServiceState s) => sizing?.GetValueOrDefault(s.Name)?.Running ?? s.Desired;
        var services = world.Services.Select(s => Service(s.Spec, Replicas(s), s.Cluster) with
        {
            PinnedCluster = pinned?.Contains(s.Name) == true ? s.Cluster : null,
        }).ToList();
        var clusters = world.Clusters.Select(c =>
        {
            var own = world.Services.Where(s => s.Cluster == c.Name).ToList();
            return Cluster(
                c,
                world.CpuAvailable(c.Name) + own.Sum(s => s.Spec.Cpu * Holding(s)),
                world.MemoryAvailable(c.Name) + own.Sum(s => s.Spec.MemoryGiB * Holding(s)),
                c.Carbon.ValueAt(now));
        }).ToList();
        var result = strategy.Place(
            new PlacementProblem(services, clusters) { Edges = Edges(scenario), Weights = defaults.Weights.Placement(NoOwnWeights) }, Options);
        if (!result.HasPlacement)
        {
            return [];
        }

        var moved = new List<string>();
        foreach (var service in world.Services)
        {
            if (result.Assignment.TryGetValue(service.Name, out var cluster) && cluster != service.Cluster)
            {
                service.MoveTo(cluster, now);
                moved.Add(service.Name);
            }
        }

        world.Schedule(now);
        return moved;
    }

    private SolverOptions Options => new(defaults.PlacementTimeLimit);

    private static Service Service(KpiService spec, int replicas, string? cluster) => new(spec.Name, spec.Cpu, spec.MemoryGiB, replicas)
    {
        CurrentCluster = cluster,
        MinReplicas = spec.MinReplicas,
        MaxReplicas = spec.MaxReplicas,
        Alpha = spec.Alpha,
        Beta = spec.Beta,
    };

    private static Cluster Cluster(KpiCluster cluster, double cpu, double memory, double carbon) => new(cluster.Name, cpu, memory)
    {
        Energy = new EnergyProfile(cluster.Pue, cluster.IdleWattsPerCore, cluster.MaxWattsPerCore, carbon),
    };

    private static IReadOnlyList<CommunicationEdge> Edges(KpiScenario scenario) =>
        [.. scenario.Edges.Select(e => new CommunicationEdge(e.From, e.To, e.Weight))];
}
