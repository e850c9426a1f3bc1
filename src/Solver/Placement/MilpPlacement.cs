using System.Diagnostics;
using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>
/// The original SMO placement model, made correct and solved with CP-SAT: every service exactly once, CPU and
/// memory capacity, acceleration for every service, re-optimisation cost Σ|x − y| (both directions), a deployment
/// cost per active cluster, and a communication cost per edge split across clusters. Solved exactly by
/// <see cref="RelaxAndExpandSearch"/>, which starts from a heuristic placement and reports a proven lower bound.
/// </summary>
public sealed class MilpPlacement(bool energyAware = false) : IPlacementStrategy
{
    public const string StrategyName = "smo-milp";
    public const string EnergyAwareName = "energy-aware";

    /// <summary>Per kgCO2/h, the carbon weight energy-aware placement uses when the request sets none.</summary>
    public const double DefaultCarbonWeight = 10;

    /// <summary>Problems with at most this many assignments are enumerated; tests set 0 to exercise the CP-SAT search.</summary>
    internal long ExhaustiveLimit { get; init; } = ExhaustiveSearch.MaxAssignments;

    public string Name => energyAware ? EnergyAwareName : StrategyName;

    public PlacementResult Place(PlacementProblem problem, SolverOptions options)
    {
        if (energyAware && problem.Weights.Carbon == 0)
        {
            problem = problem with { Weights = problem.Weights with { Carbon = DefaultCarbonWeight } };
        }

        var clock = Stopwatch.StartNew();
        if (PlacementProblemValidator.Problems(problem, options) is { Count: > 0 } problems)
        {
            return PlacementResult.Failed(SolveStatus.InvalidInput, string.Join(" ", problems), clock.Elapsed);
        }

        if (PlacementFeasibility.Obstacle(problem) is { } obstacle)
        {
            return PlacementResult.Failed(SolveStatus.Infeasible, obstacle, clock.Elapsed);
        }

        var index = new PlacementIndex(problem);
        var outcome = ExhaustiveSearch.Applies(index, ExhaustiveLimit)
            ? ExhaustiveOutcome(index)
            : new RelaxAndExpandSearch(index, options).Run(index.Current, clock);
        var elapsed = clock.Elapsed;
        if (outcome.Assignment is null)
        {
            return outcome.Proven
                ? PlacementResult.Failed(SolveStatus.Infeasible, "No placement meets every CPU, memory and acceleration constraint at once, although each service fits somewhere on its own.", elapsed)
                : PlacementResult.Failed(SolveStatus.TimedOut, $"No placement found within {options.TimeLimit.TotalSeconds:0.###} s.", elapsed);
        }

        var assignment = index.ToNames(outcome.Assignment);
        var status = outcome.Proven ? SolveStatus.Optimal : SolveStatus.Feasible;
        var objective = PlacementObjective.Evaluate(problem, assignment);
        // The bound is proven on the model's rounded coefficients: report it as the same distance below the exact objective.
        var provenDistance = outcome.Proven ? 0 : Math.Max(0, outcome.UpperBound - outcome.LowerBound) / PlacementIndex.ObjectiveScale;
        var lowerBound = objective.Values.Sum() - provenDistance;
        var gap = outcome.Proven ? "proven optimal" : $"at most {CpSat.Format(provenDistance)} above the optimum (lower bound {CpSat.Format(lowerBound)})";
        return new PlacementResult(status, assignment, objective, elapsed,
            $"{status} placement of {assignment.Count} services on {assignment.Values.Distinct().Count()} clusters; {Moves(problem, assignment)} moved; {gap}.")
        {
            LowerBound = lowerBound,
            Weights = problem.Weights,
        };
    }

    private static RelaxAndExpandSearch.Outcome ExhaustiveOutcome(PlacementIndex index)
    {
        var assignment = ExhaustiveSearch.Solve(index);
        var cost = assignment is null ? long.MaxValue : index.Evaluate(assignment);
        return new RelaxAndExpandSearch.Outcome(assignment, cost, cost, Proven: true, Rounds: 0);
    }

    private static int Moves(PlacementProblem problem, IReadOnlyDictionary<string, string> assignment) =>
        problem.Services.Count(s => s.CurrentCluster is { } current && assignment[s.Name] != current);
}
