using System.Diagnostics;
using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>
/// The original's naive heuristic, corrected: services in order, each on the first eligible cluster with room for
/// its CPU and memory. Pre-checks use the largest eligible cluster (the original used the smallest). Fast, not optimal.
/// </summary>
public sealed class FirstFitPlacement : IPlacementStrategy
{
    public const string StrategyName = "first-fit";

    public string Name => StrategyName;

    public PlacementResult Place(PlacementProblem problem, SolverOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        if (PlacementProblemValidator.Problems(problem, options) is { Count: > 0 } problems)
        {
            return PlacementResult.Failed(SolveStatus.InvalidInput, string.Join(" ", problems), Stopwatch.GetElapsedTime(started));
        }

        if (PlacementFeasibility.Obstacle(problem) is { } obstacle)
        {
            return PlacementResult.Failed(SolveStatus.Infeasible, obstacle, Stopwatch.GetElapsedTime(started));
        }

        var usedCpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var usedMemory = new Dictionary<string, double>(StringComparer.Ordinal);
        var assignment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in problem.Services)
        {
            var cluster = PlacementFeasibility.EligibleClusters(service, problem.Clusters).FirstOrDefault(c =>
                !CpSat.Exceeds(usedCpu.GetValueOrDefault(c.Name) + service.TotalCpu, c.Cpu)
                && !CpSat.Exceeds(usedMemory.GetValueOrDefault(c.Name) + service.TotalMemoryGiB, c.MemoryGiB));
            if (cluster is null)
            {
                return PlacementResult.Failed(SolveStatus.Infeasible,
                    $"{service.Name} fits on no cluster once the services before it are placed first-fit; a strategy that searches (smo-milp) may still find a placement.",
                    Stopwatch.GetElapsedTime(started));
            }

            assignment[service.Name] = cluster.Name;
            usedCpu[cluster.Name] = usedCpu.GetValueOrDefault(cluster.Name) + service.TotalCpu;
            usedMemory[cluster.Name] = usedMemory.GetValueOrDefault(cluster.Name) + service.TotalMemoryGiB;
        }

        return new PlacementResult(SolveStatus.Feasible, assignment, PlacementObjective.Evaluate(problem, assignment),
            Stopwatch.GetElapsedTime(started), $"Placed {assignment.Count} services first-fit on {assignment.Values.Distinct().Count()} clusters.");
    }
}
