using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>Decides on which cluster each service runs, for a first deployment or a re-placement (services carry their current cluster).</summary>
public interface IPlacementStrategy
{
    /// <summary>The name graphs and the API select the strategy by.</summary>
    string Name { get; }

    PlacementResult Place(PlacementProblem problem, SolverOptions options);
}

/// <summary>Limits and reproducibility of a solve: the same input and seed give the same result.</summary>
public sealed record SolverOptions(TimeSpan TimeLimit, int Workers = 1, int Seed = 0)
{
    public static SolverOptions Default { get; } = new(TimeSpan.FromSeconds(10));

    /// <summary>What is wrong with these options, or null when they are usable.</summary>
    public string? Problem => TimeLimit <= TimeSpan.Zero
        ? $"options: the time limit is {TimeLimit}; it must be positive."
        : Workers < 1 ? $"options: workers is {Workers}; at least 1 is needed." : null;
}
