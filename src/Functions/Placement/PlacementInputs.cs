using Smo.Functions.Graphs.Translation;
using Smo.Hdag;
using Smo.Hdag.Translation;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>
/// The solver's view of a graph on the federation: its services with their current clusters and expected
/// utilisation, the communication edges of <c>connectionPoints</c>, the clusters that are ready with the carbon
/// intensity their series give now and over the horizon, and the graph's weights over the host's defaults.
/// </summary>
public static class PlacementInputs
{
    /// <param name="sizing">Services sized by their load (from a scaling tick): placed with the replicas the load
    /// needs, giving back only the CPU their running replicas hold; the others with their desired replicas.</param>
    /// <param name="conditions">Time, horizon, rates and dwell (see <see cref="PlacementConditions"/>); null: now
    /// as the clusters' own intensity, no rates, no dwell.</param>
    public static PlacementProblem Build(
        GraphRecord graph, HdaGraph descriptor, IReadOnlyList<ClusterRecord> clusters, WeightDefaults weights,
        IReadOnlyDictionary<string, ServiceSizing>? sizing = null, PlacementConditions? conditions = null)
    {
        conditions ??= PlacementConditions.At(DateTimeOffset.UtcNow);
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
            Utilisation = Utilisation(s, Replicas(s), conditions.Rates),
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
                Energy = Energy(c.EnergyProfile, conditions.Now, conditions.Horizon),
            };
        }).ToList();

        if (conditions.Pinned.Count > 0)
        {
            services = Pin(services, conditions.Pinned, solverClusters);
        }

        var known = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var edges = ServiceConnections.Of(descriptor)
            .Where(c => known.Contains(c.From) && known.Contains(c.To))
            .Select(c => new CommunicationEdge(c.From, c.To, c.TrafficWeight))
            .ToList();
        if (conditions.KeepMovedSince is { } since)
        {
            services = KeepRecentMoves(services, graph, solverClusters, since);
        }

        if (conditions.KeepPlaced)
        {
            services = [.. services.Select(service => PlacementFeasibility.CanStay(service, solverClusters) ? service with { PinnedCluster = service.CurrentCluster } : service)];
        }

        return new PlacementProblem(services, solverClusters) { Edges = edges, Weights = weights.Placement(graph.Strategies.Weights) };
    }

    /// <summary>Pinned services on their cluster when it is available; left out when it is not (see <see cref="PlacementConditions.Pinned"/>).</summary>
    private static List<Service> Pin(List<Service> services, IReadOnlyDictionary<string, string> pinned, List<Cluster> clusters) =>
        [.. services
            .Where(s => !pinned.TryGetValue(s.Name, out var pin) || clusters.Any(c => c.Name == pin && c.Available))
            .Select(s => pinned.TryGetValue(s.Name, out var pin) ? s with { PinnedCluster = pin } : s)];

    /// <summary>The services a problem built with <see cref="PlacementConditions.KeepMovedSince"/> keeps where they run.</summary>
    public static IReadOnlyList<string> Dwelling(PlacementProblem problem, GraphRecord graph, DateTimeOffset since) =>
        [.. problem.Services.Where(s => s.PinnedCluster is not null && s.PinnedCluster == s.CurrentCluster
            && graph.Services.Any(r => r.Name == s.Name && r.MovedAt >= since)).Select(s => s.Name)];

    /// <summary>
    /// The rate a service carries over what its replicas can (α·r + β), within [0, 1]; 1 — full power — when its
    /// rate is not measured or its replicas carry nothing.
    /// </summary>
    private static double Utilisation(ServiceRecord service, int replicas, IReadOnlyDictionary<string, double> rates) =>
        Utilisation(rates.TryGetValue(service.Name, out var rate) ? rate : null, service.Scaling?.Alpha ?? 1, service.Scaling?.Beta ?? 0, replicas);

    /// <summary>
    /// A cluster's energy profile as the solver prices it at <paramref name="now"/>: the intensity now is the series'
    /// value now; what a placement expects, its mean over <paramref name="horizon"/> (none asked, none set).
    /// </summary>
    public static EnergyProfile? Energy(ClusterEnergyProfile? profile, DateTimeOffset now, TimeSpan? horizon = null) =>
        profile is { } e
            ? new EnergyProfile(e.Pue, e.IdleWattsPerCore, e.MaxWattsPerCore, e.CarbonAt(now), e.RenewableShare, e.PricePerKWh)
            {
                CarbonForecast = e.CarbonForecast,
                HorizonCarbonGramsPerKWh = horizon is { } ahead ? e.MeanCarbon(now, ahead) : null,
            }
            : null;

    /// <summary>
    /// <paramref name="rate"/> over what <paramref name="replicas"/> carry (α·r + β), within [0, 1]; 1 — full power —
    /// when the rate is not measured or the replicas carry nothing. The KPI replay prices its placements with it too.
    /// </summary>
    public static double Utilisation(double? rate, double alpha, double beta, int replicas)
    {
        var capacity = alpha * replicas + beta;
        return rate is { } measured && double.IsFinite(measured) && capacity > 0 ? Math.Clamp(measured / capacity, 0, 1) : 1;
    }

    /// <summary>
    /// A service that moved at or after <paramref name="since"/> stays on its cluster (a minimum dwell: moves must
    /// pay, and a grid that swings back must not swing the service with it) — unless it cannot stay there
    /// (<see cref="PlacementFeasibility.CanStay"/>: the cluster is not available, cannot run it or hold it, or the
    /// service is divided), the same test the re-placement's hysteresis holds services by.
    /// </summary>
    private static List<Service> KeepRecentMoves(List<Service> services, GraphRecord graph, List<Cluster> clusters, DateTimeOffset since)
    {
        var movedRecently = graph.Services.Where(s => s.MovedAt >= since).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return [.. services.Select(service => movedRecently.Contains(service.Name) && PlacementFeasibility.CanStay(service, clusters)
            ? service with { PinnedCluster = service.CurrentCluster }
            : service)];
    }
}
