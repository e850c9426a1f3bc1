using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>
/// A placement problem in the integer, index-based form the models and heuristics work on: resources in
/// milli-units, objective coefficients in millionths, services' eligible clusters as index lists, and the
/// communication edges merged per unordered pair. Built once per solve in O(services × clusters + edges).
/// </summary>
internal sealed class PlacementIndex
{
    /// <summary>CP-SAT takes integer coefficients: resources in milli-units.</summary>
    public const double ResourceScale = 1000;

    /// <summary>
    /// Objective coefficients in millionths: fine enough that rounding cannot reorder placements whose objectives
    /// differ by more than a few millionths, coarse enough to keep the sums far from overflow.
    /// </summary>
    public const double ObjectiveScale = 1_000_000;

    // A moved service flips two entries of the placement matrix: it leaves one cluster and joins another.
    private const int EntriesFlippedByAMove = 2;

    public PlacementIndex(PlacementProblem problem)
    {
        Problem = problem;
        var services = problem.Services;
        var clusters = problem.Clusters;
        ServiceCount = services.Count;
        ClusterCount = clusters.Count;
        var clusterIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var e = 0; e < clusters.Count; e++)
        {
            clusterIndex[clusters[e].Name] = e;
        }

        CpuCapacity = clusters.Select(c => CpSat.Capacity(c.Cpu, ResourceScale)).ToArray();
        MemoryCapacity = clusters.Select(c => CpSat.Capacity(c.MemoryGiB, ResourceScale)).ToArray();
        Cpu = services.Select(s => CpSat.Demand(s.TotalCpu, ResourceScale)).ToArray();
        Memory = services.Select(s => CpSat.Demand(s.TotalMemoryGiB, ResourceScale)).ToArray();
        Current = services.Select(s => s.CurrentCluster is { } name && clusterIndex.TryGetValue(name, out var e) ? e : -1).ToArray();
        DeploymentCost = Cost(problem.Weights.Deployment);
        MoveCost = Cost(problem.Weights.Reoptimisation * EntriesFlippedByAMove);

        Eligible = new int[ServiceCount][];
        UnaryCost = new long[ServiceCount][];
        for (var s = 0; s < ServiceCount; s++)
        {
            var eligible = new List<int>();
            var costs = new List<long>();
            var service = services[s];
            for (var e = 0; e < ClusterCount; e++)
            {
                if (!PlacementFeasibility.IsEligible(service, clusters[e]))
                {
                    continue;
                }

                eligible.Add(e);
                // Energy and carbon where the service runs, plus the move cost unless it stays where it is.
                var cost = Cost(problem.Weights.Energy * PlacementObjective.Kilowatts(service, clusters[e])
                    + problem.Weights.Carbon * PlacementObjective.CarbonKilogramsPerHour(service, clusters[e]));
                if (Current[s] >= 0 && Current[s] != e)
                {
                    cost += MoveCost;
                }

                costs.Add(cost);
            }

            Eligible[s] = [.. eligible];
            UnaryCost[s] = [.. costs];
        }

        Edges = MergeEdges(problem, services);
        Neighbours = new List<(int Other, long Cost)>[ServiceCount];
        for (var s = 0; s < ServiceCount; s++)
        {
            Neighbours[s] = [];
        }

        foreach (var edge in Edges)
        {
            Neighbours[edge.A].Add((edge.B, edge.Cost));
            Neighbours[edge.B].Add((edge.A, edge.Cost));
        }
    }

    public PlacementProblem Problem { get; }

    public int ServiceCount { get; }

    public int ClusterCount { get; }

    public long[] CpuCapacity { get; }

    public long[] MemoryCapacity { get; }

    public long[] Cpu { get; }

    public long[] Memory { get; }

    /// <summary>Index of each service's current cluster, or −1 when it is not deployed (or its cluster is gone).</summary>
    public int[] Current { get; }

    /// <summary>Clusters each service may use, ascending.</summary>
    public int[][] Eligible { get; }

    /// <summary>Parallel to <see cref="Eligible"/>: what placing the service there costs on its own (move, energy, carbon).</summary>
    public long[][] UnaryCost { get; }

    /// <summary>The cost of an active cluster (w_dep).</summary>
    public long DeploymentCost { get; }

    /// <summary>The cost of moving a service off its current cluster (2 · w_re).</summary>
    public long MoveCost { get; }

    /// <summary>Communication edges merged per unordered pair, self-loops dropped; the cost is paid when the pair is split.</summary>
    public IReadOnlyList<(int A, int B, long Cost)> Edges { get; }

    public List<(int Other, long Cost)>[] Neighbours { get; }

    /// <summary>
    /// A bound no placement can beat, known before any search: one active cluster and each service's cheapest
    /// cluster on its own (every weight is non-negative, so communication adds nothing below zero).
    /// </summary>
    public long TrivialLowerBound()
    {
        long bound = ServiceCount > 0 ? DeploymentCost : 0;
        foreach (var costs in UnaryCost)
        {
            bound += costs.Length > 0 ? costs.Min() : 0;
        }

        return bound;
    }

    public static long Cost(double weight) => (long)Math.Round(weight * ObjectiveScale);

    /// <summary>The objective of a complete assignment (cluster index per service), in model units.</summary>
    public long Evaluate(int[] assignment)
    {
        long total = 0;
        var active = new bool[ClusterCount];
        for (var s = 0; s < ServiceCount; s++)
        {
            total += UnaryCostOf(s, assignment[s]);
            active[assignment[s]] = true;
        }

        total += active.Count(a => a) * DeploymentCost;
        foreach (var (a, b, cost) in Edges)
        {
            if (assignment[a] != assignment[b])
            {
                total += cost;
            }
        }

        return total;
    }

    public long UnaryCostOf(int service, int cluster)
    {
        var position = Array.BinarySearch(Eligible[service], cluster);
        return position >= 0 ? UnaryCost[service][position] : throw new ArgumentOutOfRangeException(nameof(cluster));
    }

    /// <summary>Service name → cluster name for an assignment of cluster indices.</summary>
    public Dictionary<string, string> ToNames(int[] assignment)
    {
        var names = new Dictionary<string, string>(ServiceCount, StringComparer.Ordinal);
        for (var s = 0; s < ServiceCount; s++)
        {
            names[Problem.Services[s].Name] = Problem.Clusters[assignment[s]].Name;
        }

        return names;
    }

    private static List<(int A, int B, long Cost)> MergeEdges(PlacementProblem problem, IReadOnlyList<Service> services)
    {
        var index = new Dictionary<string, int>(services.Count, StringComparer.Ordinal);
        for (var s = 0; s < services.Count; s++)
        {
            index[services[s].Name] = s;
        }

        var merged = new Dictionary<(int, int), double>();
        foreach (var edge in problem.Edges)
        {
            var (a, b) = (index[edge.From], index[edge.To]);
            if (a == b)
            {
                continue;
            }

            var key = a < b ? (a, b) : (b, a);
            merged[key] = merged.GetValueOrDefault(key) + edge.Weight;
        }

        return merged.Select(p => (p.Key.Item1, p.Key.Item2, Cost(problem.Weights.Communication * p.Value)))
            .Where(e => e.Item3 != 0)
            .ToList();
    }
}
