using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Explanations;

/// <summary>
/// Explains a placement service by service: each service's cost where it runs and on the cheapest other cluster it
/// could move to alone — single-service moves priced with the objective's own terms and weights, so a delta is
/// exactly how much the whole objective would change — and the constraints that bind.
/// </summary>
public static class PlacementExplanation
{
    /// <summary>A cluster whose load is at least this share of its capacity is near its limit.</summary>
    public const double NearLimitShare = 0.9;

    // Deltas are differences of sums of doubles: noise below this is no difference (the models resolve millionths).
    private const int DeltaDecimals = 9;

    /// <summary>One explanation per service, in the problem's order; none when the result has no placement.</summary>
    public static IReadOnlyList<ServicePlacementExplanation> Explain(PlacementProblem problem, PlacementResult result)
    {
        if (!result.HasPlacement)
        {
            return [];
        }

        var placement = new Placed(problem with { Weights = result.Weights ?? problem.Weights }, result.Assignment);
        return [.. problem.Services.Select(placement.Explain)];
    }

    /// <summary>A placement with its loads and neighbourhoods, to price single-service moves in O(edges of the service).</summary>
    private sealed class Placed
    {
        private readonly PlacementProblem _problem;
        private readonly IReadOnlyDictionary<string, string> _assignment;
        private readonly Dictionary<string, long> _cpu = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _memory = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _hosted = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(string Other, double Weight)>> _neighbours = new(StringComparer.Ordinal);

        public Placed(PlacementProblem problem, IReadOnlyDictionary<string, string> assignment)
        {
            _problem = problem;
            _assignment = assignment;
            foreach (var service in problem.Services)
            {
                var cluster = assignment[service.Name];
                _cpu[cluster] = _cpu.GetValueOrDefault(cluster) + Cpu(service);
                _memory[cluster] = _memory.GetValueOrDefault(cluster) + Memory(service);
                _hosted[cluster] = _hosted.GetValueOrDefault(cluster) + 1;
            }

            // A self-loop is never split, so it costs nothing anywhere.
            foreach (var edge in problem.Edges.Where(e => e.From != e.To))
            {
                Neighbours(edge.From).Add((edge.To, edge.Weight));
                Neighbours(edge.To).Add((edge.From, edge.Weight));
            }
        }

        public ServicePlacementExplanation Explain(Service service)
        {
            var chosen = _problem.Clusters.Single(c => c.Name == _assignment[service.Name]);
            var cost = CostOn(service, chosen);
            var others = _problem.Clusters.Where(c => c != chosen && PlacementFeasibility.IsEligible(service, c))
                .Select(c => (Cluster: c, Cost: CostOn(service, c)))
                .ToList();
            var alternative = others.Where(o => Fits(service, o.Cluster))
                .OrderBy(o => o.Cost.Values.Sum())
                .Select(o => new PlacementAlternative(o.Cluster.Name, o.Cost, Math.Round(o.Cost.Values.Sum() - cost.Values.Sum(), DeltaDecimals)))
                .FirstOrDefault();
            var asCheap = others.Where(o => o.Cost.Values.Sum() <= cost.Values.Sum()).Select(o => o.Cluster);
            return new ServicePlacementExplanation(service.Name, chosen.Name, cost, alternative, [.. Binding(service, chosen, asCheap)]);
        }

        /// <summary>
        /// What the service adds to each objective term on <paramref name="cluster"/>, everything else where it is: a
        /// deployment if no other service uses the cluster, a move if it is not the service's current cluster, each
        /// edge to a neighbour on another cluster, and its power and carbon there.
        /// </summary>
        private Dictionary<string, double> CostOn(Service service, Cluster cluster)
        {
            var weights = _problem.Weights;
            var onItAlready = _assignment[service.Name] == cluster.Name ? 1 : 0;
            var opensCluster = _hosted.GetValueOrDefault(cluster.Name) - onItAlready == 0;
            var moves = service.CurrentCluster is { } current && current != cluster.Name;
            var split = Neighbours(service.Name).Where(n => _assignment[n.Other] != cluster.Name).Sum(n => n.Weight);
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [PlacementObjective.Deployment] = opensCluster ? weights.Deployment : 0,
                [PlacementObjective.Reoptimisation] = moves ? weights.Reoptimisation * PlacementObjective.EntriesFlippedByAMove : 0,
                [PlacementObjective.Communication] = weights.Communication * split,
                [PlacementObjective.Energy] = weights.Energy * PlacementObjective.Kilowatts(service, cluster),
                [PlacementObjective.Carbon] = weights.Carbon * PlacementObjective.CarbonKilogramsPerHour(service, cluster),
            };
        }

        private IEnumerable<PlacementBinding> Binding(Service service, Cluster chosen, IEnumerable<Cluster> asCheap)
        {
            var scale = PlacementIndex.ResourceScale;
            if (_cpu[chosen.Name] >= NearLimitShare * CpSat.Capacity(chosen.Cpu, scale))
            {
                yield return new PlacementBinding(PlacementBinding.Cpu, [chosen.Name], _cpu[chosen.Name] / scale, chosen.Cpu);
            }

            if (_memory[chosen.Name] >= NearLimitShare * CpSat.Capacity(chosen.MemoryGiB, scale))
            {
                yield return new PlacementBinding(PlacementBinding.Memory, [chosen.Name], _memory[chosen.Name] / scale, chosen.MemoryGiB);
            }

            // A cluster at least as cheap that the service may use but does not fit on: capacity is what keeps it away.
            foreach (var cluster in asCheap)
            {
                var (cpu, memory) = (_cpu.GetValueOrDefault(cluster.Name) + Cpu(service), _memory.GetValueOrDefault(cluster.Name) + Memory(service));
                if (cpu > CpSat.Capacity(cluster.Cpu, scale))
                {
                    yield return new PlacementBinding(PlacementBinding.Cpu, [cluster.Name], cpu / scale, cluster.Cpu);
                }

                if (memory > CpSat.Capacity(cluster.MemoryGiB, scale))
                {
                    yield return new PlacementBinding(PlacementBinding.Memory, [cluster.Name], memory / scale, cluster.MemoryGiB);
                }
            }

            var clusters = _problem.Clusters;
            if (service.PinnedCluster is { } pinned && clusters.Any(c => c.Name != pinned))
            {
                yield return new PlacementBinding(PlacementBinding.Pinned, [pinned]);
            }

            foreach (var (constraint, ruledOut) in new[]
            {
                (PlacementBinding.Forbidden, clusters.Where(c => service.ForbiddenClusters.Contains(c.Name))),
                (PlacementBinding.Acceleration, clusters.Where(c => service.NeedsAcceleration && !c.HasAcceleration)),
                (PlacementBinding.NotReady, clusters.Where(c => !c.Available)),
            })
            {
                if (ruledOut.Select(c => c.Name).ToList() is { Count: > 0 } names)
                {
                    yield return new PlacementBinding(constraint, names);
                }
            }
        }

        /// <summary>Whether the service fits on the cluster beside what the placement puts there, in the models' milli-units.</summary>
        private bool Fits(Service service, Cluster cluster) =>
            _cpu.GetValueOrDefault(cluster.Name) + Cpu(service) <= CpSat.Capacity(cluster.Cpu, PlacementIndex.ResourceScale)
            && _memory.GetValueOrDefault(cluster.Name) + Memory(service) <= CpSat.Capacity(cluster.MemoryGiB, PlacementIndex.ResourceScale);

        private List<(string Other, double Weight)> Neighbours(string service) =>
            _neighbours.TryGetValue(service, out var list) ? list : _neighbours[service] = [];

        private static long Cpu(Service service) => CpSat.Demand(service.TotalCpu, PlacementIndex.ResourceScale);

        private static long Memory(Service service) => CpSat.Demand(service.TotalMemoryGiB, PlacementIndex.ResourceScale);
    }
}
