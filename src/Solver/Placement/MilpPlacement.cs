using System.Diagnostics;
using Google.OrTools.Sat;
using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>
/// The original SMO placement model, made correct and solved with CP-SAT: every service exactly once, CPU and
/// memory capacity, acceleration for every service, re-optimisation cost Σ|x − y| (both directions), a deployment
/// cost per active cluster, and a communication cost per edge split across clusters. The current placement is
/// given to the solver as a hint.
/// </summary>
public sealed class MilpPlacement(bool energyAware = false) : IPlacementStrategy
{
    public const string StrategyName = "smo-milp";
    public const string EnergyAwareName = "energy-aware";

    /// <summary>Per kgCO2/h, the carbon weight energy-aware placement uses when the request sets none.</summary>
    public const double DefaultCarbonWeight = 10;

    // CP-SAT takes integer coefficients: resources in milli-units, objective weights in thousandths.
    private const double ResourceScale = 1000;
    private const double ObjectiveScale = 1000;

    // A moved service flips two entries of the placement matrix: it leaves one cluster and joins another.
    private const int EntriesFlippedByAMove = 2;

    public string Name => energyAware ? EnergyAwareName : StrategyName;

    public PlacementResult Place(PlacementProblem problem, SolverOptions options)
    {
        if (energyAware && problem.Weights.Carbon == 0)
        {
            problem = problem with { Weights = problem.Weights with { Carbon = DefaultCarbonWeight } };
        }

        var started = Stopwatch.GetTimestamp();
        if (PlacementProblemValidator.Problems(problem) is { Count: > 0 } problems)
        {
            return PlacementResult.Failed(SolveStatus.InvalidInput, string.Join(" ", problems), Stopwatch.GetElapsedTime(started));
        }

        if (PlacementFeasibility.Obstacle(problem) is { } obstacle)
        {
            return PlacementResult.Failed(SolveStatus.Infeasible, obstacle, Stopwatch.GetElapsedTime(started));
        }

        var services = problem.Services;
        var clusters = problem.Clusters;
        var model = new CpModel();
        var weights = problem.Weights;
        var objective = new List<(ILiteral Literal, long Cost)>();
        long constantCost = 0;

        // Variables: x[s,e] only where service s may run at all.
        var x = new Dictionary<(int Service, int Cluster), BoolVar>();
        for (var s = 0; s < services.Count; s++)
        {
            var eligible = PlacementFeasibility.EligibleClusters(services[s], clusters).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            for (var e = 0; e < clusters.Count; e++)
            {
                if (eligible.Contains(clusters[e].Name))
                {
                    x[(s, e)] = model.NewBoolVar($"x_{s}_{e}");
                }
            }
        }

        // Each service is placed exactly once.
        for (var s = 0; s < services.Count; s++)
        {
            model.AddExactlyOne(Row(x, s));
        }

        // Energy and carbon: what each service draws and emits where it is placed (modelled power × PUE × intensity).
        foreach (var ((s, e), literal) in x)
        {
            var cost = Cost(weights.Energy * PlacementObjective.Kilowatts(services[s], clusters[e])
                + weights.Carbon * PlacementObjective.CarbonKilogramsPerHour(services[s], clusters[e]));
            if (cost != 0)
            {
                objective.Add((literal, cost));
            }
        }

        for (var e = 0; e < clusters.Count; e++)
        {
            var hosted = x.Where(p => p.Key.Cluster == e).ToList();
            if (hosted.Count == 0)
            {
                continue;
            }

            // CPU and memory capacity of each cluster.
            model.Add(LinearExpr.WeightedSum(hosted.Select(p => p.Value), hosted.Select(p => Scaled(services[p.Key.Service].TotalCpu)))
                <= (long)Math.Floor(clusters[e].Cpu * ResourceScale));
            model.Add(LinearExpr.WeightedSum(hosted.Select(p => p.Value), hosted.Select(p => Scaled(services[p.Key.Service].TotalMemoryGiB)))
                <= (long)Math.Floor(clusters[e].MemoryGiB * ResourceScale));

            // A cluster that hosts anything is active and costs w_dep once.
            var active = model.NewBoolVar($"active_{e}");
            foreach (var (_, literal) in hosted)
            {
                model.AddImplication(literal, active);
            }

            objective.Add((active, Cost(weights.Deployment)));
        }

        // Re-optimisation: Σ|x − y| over the matrix, i.e. 2 per service that leaves its current cluster.
        var moveCost = Cost(weights.Reoptimisation * EntriesFlippedByAMove);
        for (var s = 0; s < services.Count; s++)
        {
            if (services[s].CurrentCluster is not { } current)
            {
                continue;
            }

            constantCost += moveCost;
            var e = IndexOf(clusters, current);
            if (e >= 0 && x.TryGetValue((s, e), out var stays))
            {
                objective.Add((stays, -moveCost));
                model.AddHint(stays, true);
            }
        }

        // Communication: an edge costs its weight unless both ends share a cluster.
        var index = services.Select((service, i) => (service.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        foreach (var edge in problem.Edges.Where(edge => edge.From != edge.To))
        {
            var edgeCost = Cost(weights.Communication * edge.Weight);
            constantCost += edgeCost;
            for (var e = 0; e < clusters.Count; e++)
            {
                if (x.TryGetValue((index[edge.From], e), out var from) && x.TryGetValue((index[edge.To], e), out var to))
                {
                    var together = model.NewBoolVar($"together_{edge.From}_{edge.To}_{e}");
                    model.AddImplication(together, from);
                    model.AddImplication(together, to);
                    objective.Add((together, -edgeCost));
                }
            }
        }

        model.Minimize(LinearExpr.WeightedSum(objective.Select(o => (IntVar)o.Literal), objective.Select(o => o.Cost)) + constantCost);
        var (solver, status) = CpSat.Solve(model, options);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (status is not (SolveStatus.Optimal or SolveStatus.Feasible))
        {
            return status == SolveStatus.Infeasible
                ? PlacementResult.Failed(SolveStatus.Infeasible, "No placement meets every CPU, memory and acceleration constraint at once, although each service fits somewhere on its own.", elapsed)
                : PlacementResult.Failed(SolveStatus.TimedOut, $"No placement found within {options.TimeLimit.TotalSeconds:0.###} s.", elapsed);
        }

        var assignment = x.Where(p => solver.BooleanValue(p.Value))
            .ToDictionary(p => services[p.Key.Service].Name, p => clusters[p.Key.Cluster].Name, StringComparer.Ordinal);
        return new PlacementResult(status, assignment, PlacementObjective.Evaluate(problem, assignment), elapsed,
            $"{status} placement of {assignment.Count} services on {assignment.Values.Distinct().Count()} clusters; {Moves(problem, assignment)} moved.");
    }

    private static IEnumerable<ILiteral> Row(Dictionary<(int Service, int Cluster), BoolVar> x, int service) =>
        x.Where(p => p.Key.Service == service).Select(p => (ILiteral)p.Value);

    private static long Scaled(double amount) => (long)Math.Ceiling(amount * ResourceScale);

    private static long Cost(double weight) => (long)Math.Round(weight * ObjectiveScale);

    private static int IndexOf(IReadOnlyList<Cluster> clusters, string name)
    {
        for (var e = 0; e < clusters.Count; e++)
        {
            if (clusters[e].Name == name)
            {
                return e;
            }
        }

        return -1;
    }

    private static int Moves(PlacementProblem problem, IReadOnlyDictionary<string, string> assignment) =>
        problem.Services.Count(s => s.CurrentCluster is { } current && assignment[s.Name] != current);
}
