using System.Globalization;
using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>
/// Hysteresis for a re-placement: the services that may stay where they run (<see cref="PlacementFeasibility.CanStay"/>)
/// stay, unless the solved placement improves the objective on the held one by more than a share of it. Services that
/// cannot stay — their cluster is gone or not ready, a policy or a pin sends them elsewhere, their cluster cannot hold
/// them — move as solved in both candidates, and new services are placed as solved. So a cluster that comes back after
/// a failover does not pull its services back for a marginal gain, and a grid or a load that swings back and forth
/// does not swing the graph with it.
/// </summary>
/// <remarks>
/// Per graph, not per service: the objective couples services — one deployment cost per active cluster, a
/// communication cost per edge split across clusters — so what one service gains by moving depends on where the
/// others go. Judging each move alone would weigh it against a placement that never happens, and could keep half of
/// a co-located group while its peers leave. Two complete placements are compared instead: the one solved, and the
/// one that holds every service that may stay (the others placed by the same strategy around them). Both are
/// feasible as a whole, and both are priced by <see cref="PlacementObjective.Evaluate"/> with the same weights.
/// </remarks>
public static class PlacementHysteresis
{
    /// <summary>Services named in a reason at most; the rest are counted.</summary>
    private const int NamedServices = 5;

    /// <summary>
    /// The placement to apply: <paramref name="solved"/>, or the held placement when moving improves the objective by
    /// no more than <paramref name="hysteresis"/> (a share: 0.1 = 10 %); its reason says which, and by how much.
    /// </summary>
    /// <param name="problem">What <paramref name="solved"/> was solved from, with the services' current clusters.</param>
    public static PlacementResult Apply(PlacementProblem problem, PlacementResult solved, IPlacementStrategy strategy, SolverOptions options, double hysteresis)
    {
        if (!solved.HasPlacement)
        {
            return solved;
        }

        var staying = problem.Services.Where(s => PlacementFeasibility.CanStay(s, problem.Clusters)).ToList();
        var leaving = staying.Where(s => solved.Assignment[s.Name] != s.CurrentCluster).Select(s => s.Name).ToList();
        if (leaving.Count == 0)
        {
            return solved;
        }

        var (held, solveTime, obstacle) = Held(problem, staying, strategy, options);
        if (held is null)
        {
            return solved with { Reason = $"{solved.Reason} {Names(leaving)} cannot be held where {(leaving.Count == 1 ? "it runs" : "they run")}: {obstacle}" };
        }

        // Both priced alike: with the weights the strategy solved with (energy-aware supplies a carbon weight).
        var priced = problem with { Weights = solved.Weights ?? problem.Weights };
        var heldObjective = PlacementObjective.Evaluate(priced, held);
        var heldTotal = heldObjective.Values.Sum();
        var solvedTotal = PlacementObjective.Evaluate(priced, solved.Assignment).Values.Sum();
        var improvement = heldTotal > 0 ? (heldTotal - solvedTotal) / heldTotal : 0;
        var figures = $"({Number(heldTotal)} held → {Number(solvedTotal)})";
        if (improvement > hysteresis)
        {
            return solved with
            {
                Reason = $"{solved.Reason} Moving {Names(leaving)} improves the objective by {Percent(improvement)} {figures}, more than the hysteresis ({Percent(hysteresis)}).",
            };
        }

        var why = improvement > 0
            ? $"moving would improve the objective by only {Percent(improvement)} {figures}, within the hysteresis ({Percent(hysteresis)})"
            : $"moving would not improve the objective {figures}";
        return new PlacementResult(SolveStatus.Feasible, held, heldObjective, solved.SolveTime + solveTime,
            $"Kept {Names(leaving)} where {(leaving.Count == 1 ? "it runs" : "they run")}: {why}.")
        {
            // A bound on every placement of the problem bounds the held one too.
            LowerBound = solved.LowerBound,
            Weights = solved.Weights,
        };
    }

    /// <summary>
    /// The placement that keeps every service that may stay where it runs: the current one when every service may
    /// stay, else the strategy's with those services pinned (it must honour the pins); null, with why, when there is none.
    /// </summary>
    private static (IReadOnlyDictionary<string, string>? Held, TimeSpan SolveTime, string? Obstacle) Held(
        PlacementProblem problem, List<Service> staying, IPlacementStrategy strategy, SolverOptions options)
    {
        if (staying.Count == problem.Services.Count)
        {
            var current = problem.Services.ToDictionary(s => s.Name, s => s.CurrentCluster!, StringComparer.Ordinal);
            return PlacementFeasibility.AssignmentObstacle(problem, current) is { } obstacle ? (null, TimeSpan.Zero, obstacle) : (current, TimeSpan.Zero, null);
        }

        var held = staying.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var pinned = problem with
        {
            Services = [.. problem.Services.Select(s => held.Contains(s.Name) ? s with { PinnedCluster = s.CurrentCluster } : s)],
        };
        var result = strategy.Place(pinned, options);
        if (!result.HasPlacement)
        {
            return (null, result.SolveTime, result.Reason);
        }

        return staying.All(s => result.Assignment[s.Name] == s.CurrentCluster)
            ? (result.Assignment, result.SolveTime, null)
            : (null, result.SolveTime, $"{strategy.Name} does not keep pinned services where they run.");
    }

    private static string Names(List<string> services) =>
        services.Count <= NamedServices
            ? string.Join(", ", services)
            : $"{string.Join(", ", services.Take(NamedServices))} and {services.Count - NamedServices} more";

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Number(double value) => CpSat.Format(value);
}
