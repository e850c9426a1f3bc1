using Smo.Solver.Placement;

namespace Smo.Orchestrations.Graphs;

/// <summary>Whether a strategy decides where services run or how many replicas they get.</summary>
public enum StrategyKind
{
    Placement,
    Scaling,
}

/// <summary>What an <c>execute_strategy</c> asks besides the strategy's name.</summary>
/// <param name="Kind">Whether the strategy places or scales.</param>
/// <param name="Weights">Objective terms the graph adopts with the strategy, over its own; null keeps its weights.</param>
/// <param name="Solver">Time limit, workers and seed of this placement only; null: the host's.</param>
public sealed record StrategyRun(StrategyKind Kind, IReadOnlyDictionary<string, double>? Weights = null, SolverOptions? Solver = null);

/// <summary>A graph takes <paramref name="Strategy"/> as its strategy of that kind, and these weights over its own.</summary>
public sealed record StrategyAdoption(string Graph, StrategyKind Kind, string Strategy, IReadOnlyDictionary<string, double>? Weights = null);
