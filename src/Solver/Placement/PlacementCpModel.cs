using Google.OrTools.Sat;

namespace Smo.Solver.Placement;

/// <summary>
/// The placement model on CP-SAT over candidate clusters per service: each service exactly once; CPU and memory
/// capacity, tightened to capacity × active so the relaxation pays for the clusters it fills; w_dep per active
/// cluster; the unary costs (move, energy, carbon); and per split edge its cost, linearised with "together"
/// literals that may only be true where both ends are.
/// <para>
/// When a service's candidates are fewer than its eligible clusters, one more literal stands for "any other
/// eligible cluster" at the cheapest unary cost among them, checked only against the federation's total capacity,
/// and an edge may count as joined there whenever one of its ends takes it. That is a relaxation: its optimum is
/// a lower bound, and with every eligible cluster a candidate the model is exact.
/// </para>
/// </summary>
internal sealed class PlacementCpModel
{
    private readonly int[][] _candidates;
    private readonly BoolVar[][] _x;
    private readonly BoolVar?[] _elsewhere;

    public PlacementCpModel(PlacementIndex index, int[][] candidates, int[]? hint)
    {
        _candidates = candidates;
        Model = new CpModel();
        var objective = new ObjectiveBuilder();
        var byCluster = new List<(BoolVar Literal, int Service)>[index.ClusterCount];
        for (var e = 0; e < index.ClusterCount; e++)
        {
            byCluster[e] = [];
        }

        _x = new BoolVar[index.ServiceCount][];
        _elsewhere = new BoolVar?[index.ServiceCount];
        var anywhere = new List<(BoolVar Literal, int Service)>();
        for (var s = 0; s < index.ServiceCount; s++)
        {
            var row = _x[s] = new BoolVar[candidates[s].Length];
            for (var k = 0; k < row.Length; k++)
            {
                var e = candidates[s][k];
                row[k] = Model.NewBoolVar(string.Empty);
                byCluster[e].Add((row[k], s));
                anywhere.Add((row[k], s));
                objective.Add(row[k], index.UnaryCostOf(s, e));
                if (hint is not null)
                {
                    Model.AddHint(row[k], hint[s] == e);
                }
            }

            if (CheapestOutside(index, s, candidates[s]) is { } outsideCost)
            {
                var elsewhere = _elsewhere[s] = Model.NewBoolVar(string.Empty);
                anywhere.Add((elsewhere, s));
                objective.Add(elsewhere, outsideCost);
                if (hint is not null)
                {
                    Model.AddHint(elsewhere, Array.BinarySearch(candidates[s], hint[s]) < 0);
                }

                Model.AddExactlyOne(row.Append(elsewhere));
            }
            else
            {
                Model.AddExactlyOne(row);
            }
        }

        for (var e = 0; e < index.ClusterCount; e++)
        {
            var hosted = byCluster[e];
            if (hosted.Count == 0)
            {
                continue;
            }

            var active = Model.NewBoolVar(string.Empty);
            HintIf(hint, active, () => hosted.Any(h => hint![h.Service] == e));
            var literals = hosted.Select(h => h.Literal).ToArray();
            Model.Add(LinearExpr.WeightedSum(literals, hosted.Select(h => index.Cpu[h.Service])) <= index.CpuCapacity[e] * active);
            Model.Add(LinearExpr.WeightedSum(literals, hosted.Select(h => index.Memory[h.Service])) <= index.MemoryCapacity[e] * active);
            foreach (var literal in literals)
            {
                Model.AddImplication(literal, active);
            }

            objective.Add(active, index.DeploymentCost);
        }

        if (_elsewhere.Any(z => z is not null))
        {
            // Services sent "elsewhere" still need room somewhere: the federation's total capacity bounds them all.
            var literals = anywhere.Select(h => h.Literal).ToArray();
            Model.Add(LinearExpr.WeightedSum(literals, anywhere.Select(h => index.Cpu[h.Service])) <= index.CpuCapacity.Sum());
            Model.Add(LinearExpr.WeightedSum(literals, anywhere.Select(h => index.Memory[h.Service])) <= index.MemoryCapacity.Sum());
        }

        foreach (var (a, b, cost) in index.Edges)
        {
            objective.AddConstant(cost);
            var sharedA = new List<ILiteral>();
            var sharedB = new List<ILiteral>();
            ForEachShared(candidates[a], candidates[b], (p, q) =>
            {
                var together = Model.NewBoolVar(string.Empty);
                HintIf(hint, together, () => hint![a] == candidates[a][p] && hint[b] == candidates[a][p]);
                Model.AddImplication(together, _x[a][p]);
                Model.AddImplication(together, _x[b][q]);
                objective.Add(together, -cost);
                sharedA.Add(_x[a][p]);
                sharedB.Add(_x[b][q]);
            });

            if (_elsewhere[a] is null && _elsewhere[b] is null)
            {
                continue;
            }

            // Joined on a cluster that is not a candidate of both: at least one end is "elsewhere", neither end is on
            // a shared candidate.
            var joinedElsewhere = Model.NewBoolVar(string.Empty);
            HintIf(hint, joinedElsewhere, () => hint![a] == hint[b] && (Array.BinarySearch(candidates[a], hint[a]) < 0 || Array.BinarySearch(candidates[b], hint[b]) < 0));
            Model.AddAtMostOne(sharedA.Append(joinedElsewhere));
            Model.AddAtMostOne(sharedB.Append(joinedElsewhere));
            Model.AddBoolOr(new ILiteral?[] { _elsewhere[a], _elsewhere[b] }.OfType<ILiteral>().Append(joinedElsewhere.Not()));
            objective.Add(joinedElsewhere, -cost);
        }

        objective.MinimizeIn(Model);
    }

    public CpModel Model { get; }

    /// <summary>The solver's best solution: a cluster index per service, or <see cref="PlacementState.Unplaced"/> for "elsewhere".</summary>
    public int[] Read(CpSolver solver)
    {
        var assignment = new int[_x.Length];
        for (var s = 0; s < _x.Length; s++)
        {
            assignment[s] = PlacementState.Unplaced;
            for (var k = 0; k < _x[s].Length; k++)
            {
                if (solver.BooleanValue(_x[s][k]))
                {
                    assignment[s] = _candidates[s][k];
                    break;
                }
            }
        }

        return assignment;
    }

    /// <summary>
    /// Hints auxiliary literals too, so the hint is a complete solution CP-SAT takes as its first incumbent instead
    /// of spending its first search completing it.
    /// </summary>
    private void HintIf(int[]? hint, BoolVar literal, Func<bool> value)
    {
        if (hint is not null)
        {
            Model.AddHint(literal, value());
        }
    }

    private static long? CheapestOutside(PlacementIndex index, int service, int[] candidates)
    {
        long? cheapest = null;
        var eligible = index.Eligible[service];
        for (var k = 0; k < eligible.Length; k++)
        {
            if (Array.BinarySearch(candidates, eligible[k]) < 0)
            {
                cheapest = Math.Min(cheapest ?? long.MaxValue, index.UnaryCost[service][k]);
            }
        }

        return cheapest;
    }

    /// <summary>Calls <paramref name="shared"/> with the positions of each cluster both ascending lists hold.</summary>
    private static void ForEachShared(int[] a, int[] b, Action<int, int> shared)
    {
        for (int p = 0, q = 0; p < a.Length && q < b.Length;)
        {
            if (a[p] < b[q])
            {
                p++;
            }
            else if (a[p] > b[q])
            {
                q++;
            }
            else
            {
                shared(p++, q++);
            }
        }
    }

    /// <summary>Collects objective terms, skipping zero costs, with a constant for the edges' split cost.</summary>
    private sealed class ObjectiveBuilder
    {
        private readonly List<IntVar> _literals = [];
        private readonly List<long> _costs = [];
        private long _constant;

        public void Add(BoolVar literal, long cost)
        {
            if (cost != 0)
            {
                _literals.Add(literal);
                _costs.Add(cost);
            }
        }

        public void AddConstant(long cost) => _constant += cost;

        public void MinimizeIn(CpModel model) => model.Minimize(LinearExpr.WeightedSum(_literals, _costs) + _constant);
    }
}
