namespace Smo.Store.Graphs;

/// <summary>How a graph is placed and scaled: strategy names, objective weights and how often the scaling loop ticks.</summary>
/// <param name="Weights">Objective term → weight, e.g. <c>cost</c>, <c>energy</c>, <c>carbon</c>.</param>
public sealed record GraphStrategies(
    string PlacementStrategy,
    string ScalingStrategy,
    IReadOnlyDictionary<string, double> Weights,
    TimeSpan ScalingInterval)
{
    /// <summary>Strategy names are looked up in registries, not spliced anywhere; the bound keeps rows and logs readable.</summary>
    public const int MaxStrategyNameLength = 100;

    internal void Validate(string parameter)
    {
        RequireStrategy(PlacementStrategy, "The placement strategy", parameter);
        RequireStrategy(ScalingStrategy, "The scaling strategy", parameter);
        if (Weights is null)
        {
            throw new ArgumentException("The weights are required (an empty map for the strategy's defaults).", parameter);
        }

        foreach (var (term, weight) in Weights)
        {
            Require.Text(term, "A weight's term", parameter);
            Require.NonNegative(weight, $"The weight of '{term}'", parameter);
        }

        Require.Positive(ScalingInterval.TotalSeconds, "The scaling interval (seconds)", parameter);
    }

    private static void RequireStrategy(string name, string what, string parameter)
    {
        Require.Text(name, what, parameter);
        if (name.Length > MaxStrategyNameLength)
        {
            throw new ArgumentException($"{what} name has {name.Length} characters; at most {MaxStrategyNameLength} are allowed.", parameter);
        }
    }
}
