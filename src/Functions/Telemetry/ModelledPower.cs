using Smo.Functions.Placement;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Telemetry;

/// <summary>
/// The power and carbon Smo's model gives each graph on each cluster now: every installed service's replicas there
/// (its decided replicas, or its share of a division) priced by the solver's own power model
/// (<see cref="PlacementObjective.Kilowatts"/>, the figure placement weighs; at full utilisation, since the gauge reads
/// no rates), at the cluster's carbon intensity at <c>now</c> (what its carbon series says, else its single value).
/// Clusters without an energy profile are not modelled, and so not reported (rather than reported as drawing nothing).
/// </summary>
public static class ModelledPower
{
    private const double WattsPerKilowatt = 1000;

    /// <summary>One figure per graph and cluster with at least one replica there.</summary>
    public static IReadOnlyList<GraphClusterPower> Of(IReadOnlyList<GraphRecord> graphs, IReadOnlyList<ClusterRecord> clusters, DateTimeOffset now)
    {
        var priced = clusters.Where(c => c.RemovedAt is null && c.EnergyProfile is not null)
            .ToDictionary(c => c.Name, c => SolverCluster(c, now), StringComparer.Ordinal);
        var figures = new List<GraphClusterPower>();
        foreach (var graph in graphs)
        {
            var onClusters = new Dictionary<string, (double Watts, double Carbon)>(StringComparer.Ordinal);
            foreach (var service in graph.Services.Where(s => s.Status == ServiceStatus.Deployed && s.Cluster is not null))
            {
                foreach (var (name, replicas) in service.Division ?? new Dictionary<string, int> { [service.Cluster!] = service.DesiredReplicas })
                {
                    if (replicas <= 0 || !priced.TryGetValue(name, out var cluster))
                    {
                        continue;
                    }

                    var watts = PlacementObjective.Kilowatts(new Service(service.Name, service.Resources.CpuCores, service.Resources.MemoryGiB, replicas), cluster)
                        * WattsPerKilowatt;
                    // W × gCO2/kWh ÷ 1000 = gCO2 per hour.
                    var carbon = watts * cluster.Energy!.CarbonGramsPerKWh / WattsPerKilowatt;
                    var sum = onClusters.GetValueOrDefault(name);
                    onClusters[name] = (sum.Watts + watts, sum.Carbon + carbon);
                }
            }

            figures.AddRange(onClusters.Select(c => new GraphClusterPower(graph.Name, c.Key, c.Value.Watts, c.Value.Carbon)));
        }

        return figures;
    }

    /// <summary>A cluster as placement prices it at <paramref name="now"/> (its own conversion); only the energy profile matters to the power model.</summary>
    private static Cluster SolverCluster(ClusterRecord cluster, DateTimeOffset now) =>
        new(cluster.Name, cluster.CpuAllocatable, cluster.MemoryAllocatableGiB, cluster.Gpu, cluster.Ready)
        {
            Energy = PlacementInputs.Energy(cluster.EnergyProfile, now),
        };
}

/// <summary>What a graph's replicas on one cluster draw (W) and emit (gCO2/h) by Smo's model.</summary>
public sealed record GraphClusterPower(string Graph, string Cluster, double Watts, double CarbonGramsPerHour);
