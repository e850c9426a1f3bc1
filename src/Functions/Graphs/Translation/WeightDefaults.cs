using Smo.Hdag;
using Smo.Solver.Model;

namespace Smo.Functions.Graphs.Translation;

/// <summary>
/// The objective weights a decision uses for the terms its graph does not set (<c>Smo:Graphs:Weights:&lt;term&gt;</c>);
/// the solver's own defaults unless configured. Energy-aware placement still puts its own carbon weight in place of
/// a carbon weight of 0 (<see cref="Solver.Placement.MilpPlacement.DefaultCarbonWeight"/>).
/// </summary>
public sealed record WeightDefaults
{
    public double Deployment { get; init; } = PlacementWeights.Default.Deployment;

    public double Reoptimisation { get; init; } = PlacementWeights.Default.Reoptimisation;

    public double Communication { get; init; } = PlacementWeights.Default.Communication;

    public double Energy { get; init; } = PlacementWeights.Default.Energy;

    public double Carbon { get; init; } = PlacementWeights.Default.Carbon;

    public double Utilisation { get; init; } = ScalingWeights.Default.Utilisation;

    public double Transition { get; init; } = ScalingWeights.Default.Transition;

    /// <summary>The placement weights of a graph whose own weights are <paramref name="own"/> (term → weight).</summary>
    public PlacementWeights Placement(IReadOnlyDictionary<string, double> own) => new(
        own.GetValueOrDefault(WeightTerms.Deployment, Deployment),
        own.GetValueOrDefault(WeightTerms.Reoptimisation, Reoptimisation),
        own.GetValueOrDefault(WeightTerms.Communication, Communication),
        own.GetValueOrDefault(WeightTerms.Energy, Energy),
        own.GetValueOrDefault(WeightTerms.Carbon, Carbon));

    /// <summary>The scaling weights of a graph whose own weights are <paramref name="own"/> (term → weight).</summary>
    public ScalingWeights Scaling(IReadOnlyDictionary<string, double> own) => new(
        own.GetValueOrDefault(WeightTerms.Utilisation, Utilisation),
        own.GetValueOrDefault(WeightTerms.Transition, Transition));

    /// <summary>What is wrong with these weights, each naming its setting under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section) =>
        new[]
        {
            (nameof(Deployment), Deployment), (nameof(Reoptimisation), Reoptimisation), (nameof(Communication), Communication),
            (nameof(Energy), Energy), (nameof(Carbon), Carbon), (nameof(Utilisation), Utilisation), (nameof(Transition), Transition),
        }
        .Where(weight => !(weight.Item2 is >= 0 and <= ObjectiveWeights.MaxWeight))
        .Select(weight => $"{section}:{weight.Item1} must be a number from 0 to {ObjectiveWeights.MaxWeight:0} (is {weight.Item2}).");
}
