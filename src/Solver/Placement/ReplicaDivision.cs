using Smo.Solver.Model;
using Smo.Solver.Scaling;

namespace Smo.Solver.Placement;

/// <summary>A placement problem with its divided services taken out: their replicas per cluster, and the rest to place.</summary>
/// <param name="Divisions">Service → cluster → replicas, for the services divided across clusters.</param>
/// <param name="Rest">The other services, on the clusters' capacity minus what the divided shares take.</param>
/// <param name="Reason">Why each service is divided, and any shortfall; empty when none is.</param>
public sealed record DividedPlacement(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Divisions, PlacementProblem Rest, string Reason)
{
    /// <summary>Where a divided service lives for what needs one cluster (its chart's own placement): its largest share.</summary>
    public static string Home(IReadOnlyDictionary<string, int> division) =>
        division.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
}

/// <summary>
/// Which services a placement divides across clusters, and how: those that ask to be spread (<see cref="Service.MinClusters"/>)
/// and those no single cluster they may use can carry. Their replicas are split by the multi-cluster scaling model
/// (<see cref="MilpScaling.DecideAcrossClusters"/>: fewest CPU held, fewest replicas moved from the current
/// division, at least MinClusters clusters), serving as much as the clusters allow; the other services are then
/// placed as usual on what is left. A pinned service is never divided. A service asking for more clusters than it may
/// use now (some are not ready) is spread over those it may use — over none when only one is left, where it runs
/// whole — and the reason says so: one such service must not cost the others their division.
/// </summary>
public static class ReplicaDivision
{
    /// <param name="carbonWeight">w_carbon of the split (<see cref="MilpScaling.EnergyAwareCarbonWeight"/> for an
    /// energy-aware placement): replicas go to the clusters whose cores emit less, as far as moves pay.</param>
    public static DividedPlacement Decide(PlacementProblem problem, SolverOptions options, double carbonWeight = 0)
    {
        var ready = problem.Clusters.Where(c => c.Available).ToList();
        int Spread(Service s) => Math.Min(s.MinClusters, ready.Count(c => Usable(s, c)));
        var shortOfClusters = ShortOfClusters(problem.Services.Where(s => s.PinnedCluster is null && Spread(s) < s.MinClusters), Spread);
        var divided = problem.Services.Where(s => s.PinnedCluster is null && Spread(s) > 0 && (Spread(s) > 1 || !FitsOnOne(s, ready))).ToList();
        if (divided.Count == 0 || ready.Count == 0)
        {
            return new DividedPlacement(new Dictionary<string, IReadOnlyDictionary<string, int>>(), problem, shortOfClusters);
        }

        var split = new MultiClusterScalingProblem(
            divided.Select(s => new SplitService(Carrying(s, Spread(s)), Current(s))
            {
                AllowedClusters = [.. ready.Where(c => Usable(s, c)).Select(c => c.Name)],
                MinClusters = Math.Max(1, Spread(s)),
            }).ToList(),
            ready.Select(c => new ScalingCluster(c.Name, c.Cpu, c.HasAcceleration) { CarbonKgPerCoreHour = PlacementObjective.CarbonKilogramsPerHour(OneBusyCore, c) }).ToList())
        {
            ServeOverload = true,
            Weights = ScalingWeights.Default with { Carbon = carbonWeight },
        };
        var result = new MilpScaling().DecideAcrossClusters(split, options);
        if (result.Status is not (SolveStatus.Optimal or SolveStatus.Feasible))
        {
            // No division either: the usual placement decides (and says why it cannot).
            return new DividedPlacement(new Dictionary<string, IReadOnlyDictionary<string, int>>(), problem, Join($"No division: {result.Reason}", shortOfClusters));
        }

        var divisions = divided.ToDictionary(
            s => s.Name,
            s => (IReadOnlyDictionary<string, int>)result.ReplicasByCluster[s.Name].Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new DividedPlacement(divisions, Without(problem, divided, divisions), Join(Reason(divided, divisions, result, Spread), shortOfClusters));
    }

    /// <summary>Says which services run on fewer clusters than they ask for, and on how many: empty when none does.</summary>
    private static string ShortOfClusters(IEnumerable<Service> services, Func<Service, int> spread) =>
        string.Join(" ", services.Select(s => spread(s) switch
        {
            0 => $"{s.Name} asks for {s.MinClusters} clusters; none it may use is ready.",
            1 => $"{s.Name} asks for {s.MinClusters} clusters; 1 it may use is ready: it runs whole there until more are.",
            var n => $"{s.Name} asks for {s.MinClusters} clusters; {n} it may use are ready: spread over those until more are.",
        }));

    private static string Join(string first, string second) => first.Length == 0 ? second : second.Length == 0 ? first : $"{first} {second}";

    private static readonly Service OneBusyCore = new("one busy core", CpuPerReplica: 1, MemoryGiBPerReplica: 0);

    /// <summary>Whether one cluster it may use can hold all its replicas.</summary>
    private static bool FitsOnOne(Service service, IReadOnlyList<Cluster> ready) =>
        ready.Any(c => Usable(service, c) && c.Cpu >= service.TotalCpu && c.MemoryGiB >= service.TotalMemoryGiB);

    private static bool Usable(Service service, Cluster cluster) =>
        (!service.NeedsAcceleration || cluster.HasAcceleration) && !service.ForbiddenClusters.Contains(cluster.Name);

    /// <summary>The service as the split model sees it: exactly its replicas (as many as the clusters allow), at least one per cluster of its spread.</summary>
    private static ScaledService Carrying(Service service, int spread) =>
        new(service.Name, service.CpuPerReplica, RequestRate: service.Alpha * service.Replicas + service.Beta, CurrentReplicas: 0, Alpha: service.Alpha, Beta: service.Beta)
        {
            MinReplicas = Math.Min(spread, service.Replicas),
            MaxReplicas = Math.Max(service.Replicas, spread),
            NeedsAcceleration = service.NeedsAcceleration,
        };

    private static IReadOnlyDictionary<string, int> Current(Service service) =>
        service.CurrentDivision.Count > 0 ? service.CurrentDivision
        : service.CurrentCluster is { } cluster ? new Dictionary<string, int> { [cluster] = service.Replicas }
        : new Dictionary<string, int>();

    /// <summary>The problem without the divided services, on the capacity their shares leave.</summary>
    private static PlacementProblem Without(PlacementProblem problem, List<Service> divided, Dictionary<string, IReadOnlyDictionary<string, int>> divisions)
    {
        var names = divided.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var clusters = problem.Clusters.Select(c =>
        {
            var taken = divided.Select(s => (Service: s, Share: divisions[s.Name].GetValueOrDefault(c.Name))).ToList();
            return c with
            {
                Cpu = Math.Max(0, c.Cpu - taken.Sum(t => t.Share * t.Service.CpuPerReplica)),
                MemoryGiB = Math.Max(0, c.MemoryGiB - taken.Sum(t => t.Share * t.Service.MemoryGiBPerReplica)),
            };
        }).ToList();
        return problem with
        {
            Services = [.. problem.Services.Where(s => !names.Contains(s.Name))],
            Clusters = clusters,
            Edges = [.. problem.Edges.Where(e => !names.Contains(e.From) && !names.Contains(e.To))],
        };
    }

    private static string Reason(List<Service> divided, Dictionary<string, IReadOnlyDictionary<string, int>> divisions, ScalingResult result, Func<Service, int> spread)
    {
        var parts = divided.Select(s =>
        {
            var why = spread(s) > 1 ? $"spread over at least {spread(s)} clusters" : $"{s.Replicas} replicas fit on no single cluster";
            var shares = string.Join(", ", divisions[s.Name].OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
            return $"{s.Name} divided ({why}): {shares}";
        });
        var shortfall = result.Overloads.Count > 0
            ? " Short of the load: " + string.Join("; ", result.Overloads.Select(o => $"{o.Service} needs {o.NeededReplicas?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "more"}, granted {o.GrantedReplicas}")) + "."
            : "";
        return string.Join("; ", parts) + "." + shortfall;
    }
}
