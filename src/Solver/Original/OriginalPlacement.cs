using System.Diagnostics;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Original;

/// <summary>
/// Placement as the original SMO V3 decided it, for comparison: a first deployment (no service runs anywhere yet) is
/// V3's naive first-fit with its pre-checks (<see cref="NaivePlacement"/>); a re-placement is V3's model solved
/// exactly (<see cref="ReplacementModel"/>). Only what V3 read is used (<see cref="OriginalPlacementInput.Of"/>): the
/// available clusters' CPU and acceleration, the services' CPU, acceleration and replicas, where they run now.
/// The result's objective is priced with Smo's terms and the problem's weights, as for every strategy, so
/// strategies compare on one scale; V3's own objective value is in the reason.
/// </summary>
public sealed class OriginalPlacement : IPlacementStrategy
{
    public const string StrategyName = "smo-original";

    public string Name => StrategyName;

    public PlacementResult Place(PlacementProblem problem, SolverOptions options)
    {
        var clock = Stopwatch.StartNew();
        if (PlacementProblemValidator.Problems(problem, options) is { Count: > 0 } problems)
        {
            return PlacementResult.Failed(SolveStatus.InvalidInput, string.Join(" ", problems), clock.Elapsed);
        }

        var input = OriginalPlacementInput.Of(problem);
        return OriginalPlacementInput.IsFirstDeployment(problem)
            ? FirstDeployment(problem, input, clock)
            : Replacement(problem, input, options, clock);
    }

    private static PlacementResult FirstDeployment(PlacementProblem problem, OriginalPlacementInput input, Stopwatch clock)
    {
        var (clusterOf, message) = NaivePlacement.Place(input);
        if (clusterOf is null)
        {
            return PlacementResult.Failed(SolveStatus.Infeasible, $"V3 naive placement refused: {message}", clock.Elapsed);
        }

        var assignment = Assignment(problem, input, clusterOf);
        return new PlacementResult(SolveStatus.Feasible, assignment, PlacementObjective.Evaluate(problem, assignment), clock.Elapsed,
            $"V3 naive placement: {assignment.Count} services first-fit on {assignment.Values.Distinct().Count()} clusters, one replica each.");
    }

    private static PlacementResult Replacement(PlacementProblem problem, OriginalPlacementInput input, SolverOptions options, Stopwatch clock)
    {
        if (input.Clusters.Count == 0)
        {
            return PlacementResult.Failed(SolveStatus.Infeasible, "V3 re-placement: no available cluster (V3 queried availability=True only).", clock.Elapsed);
        }

        var outcome = ReplacementModel.Solve(input, options);
        switch (outcome.Status)
        {
            case SolveStatus.Infeasible:
                // V3 read x.value of an infeasible problem without checking the status and failed (a TypeError, HTTP 500).
                return PlacementResult.Failed(SolveStatus.Infeasible,
                    "V3 re-placement model infeasible: no placement puts every service's CPU (c·r) within its cluster's capacity with acceleration "
                    + "for every service but the first (V3 itself failed on this with a TypeError: it did not check the solver's status).",
                    clock.Elapsed);
            case SolveStatus.InvalidInput:
                return PlacementResult.Failed(SolveStatus.InvalidInput,
                    $"{problem.Services.Count} services × {input.Clusters.Count} clusters is too large for the exact tie-breaking of smo-original.", clock.Elapsed);
            case SolveStatus.TimedOut:
                return PlacementResult.Failed(SolveStatus.TimedOut, $"No placement found within {options.TimeLimit.TotalSeconds:0.###} s.", clock.Elapsed);
        }

        var assignment = Assignment(problem, input, outcome.ClusterOf!);
        var proven = outcome.Status == SolveStatus.Optimal ? "proven optimal" : "not proven optimal within the time limit";
        return new PlacementResult(outcome.Status, assignment, PlacementObjective.Evaluate(problem, assignment), clock.Elapsed,
            $"V3 re-placement: {outcome.Moves} of {assignment.Count} services move (V3 objective Σx + Σy∘(y−x) = {CpSat.Format(outcome.Objective(assignment.Count))}, {proven}).");
    }

    private static Dictionary<string, string> Assignment(PlacementProblem problem, OriginalPlacementInput input, int[] clusterOf) =>
        problem.Services.Select((service, s) => (service.Name, Cluster: input.Clusters[clusterOf[s]]))
            .ToDictionary(p => p.Name, p => p.Cluster, StringComparer.Ordinal);
}
