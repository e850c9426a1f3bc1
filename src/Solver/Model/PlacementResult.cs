namespace Smo.Solver.Model;

/// <summary>How a solve ended. Infeasibility is a result, never an exception.</summary>
public enum SolveStatus
{
    Optimal,
    Feasible,
    Infeasible,
    TimedOut,
    InvalidInput,
}

/// <summary>A placement decision with everything needed to explain it.</summary>
/// <param name="Status">How the solve ended.</param>
/// <param name="Assignment">Service name → cluster name; empty unless a placement was found.</param>
/// <param name="Objective">Objective value by term (e.g. "deployment", "reoptimisation", "communication").</param>
/// <param name="SolveTime">Time spent deciding.</param>
/// <param name="Reason">One line a human can read: why this result, or what is wrong.</param>
public sealed record PlacementResult(
    SolveStatus Status,
    IReadOnlyDictionary<string, string> Assignment,
    IReadOnlyDictionary<string, double> Objective,
    TimeSpan SolveTime,
    string Reason)
{
    public bool HasPlacement => Status is SolveStatus.Optimal or SolveStatus.Feasible;

    /// <summary>A proven lower bound on the objective of any placement, when the strategy computes one.</summary>
    public double? LowerBound { get; init; }

    /// <summary>Relative distance of this placement's objective to <see cref="LowerBound"/>: 0 when proven optimal.</summary>
    public double? Gap => LowerBound is { } bound && HasPlacement
        ? TotalObjective <= bound ? 0 : (TotalObjective - bound) / Math.Max(Math.Abs(TotalObjective), 1e-9)
        : null;

    public double TotalObjective => Objective.Values.Sum();

    /// <summary>
    /// The weights <see cref="Objective"/> was evaluated with, when the strategy did not take the problem's as they
    /// were (energy-aware placement supplies a carbon weight the request left at 0); null means the problem's.
    /// </summary>
    public PlacementWeights? Weights { get; init; }

    public static PlacementResult Failed(SolveStatus status, string reason, TimeSpan solveTime) =>
        new(status, new Dictionary<string, string>(), new Dictionary<string, double>(), solveTime, reason);
}
