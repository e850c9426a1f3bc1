using Smo.Solver.Original;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Strategies;

/// <summary>Selects placement and scaling strategies by name (per graph or a global default); unknown names are refused with the known ones.</summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, IPlacementStrategy> _placement;
    private readonly Dictionary<string, IScalingStrategy> _scaling;

    public StrategyRegistry(IEnumerable<IPlacementStrategy> placement, string defaultPlacement, IEnumerable<IScalingStrategy> scaling, string defaultScaling)
    {
        _placement = ByName(placement, s => s.Name, "placement");
        _scaling = ByName(scaling, s => s.Name, "scaling");
        DefaultPlacement = Placement(defaultPlacement);
        DefaultScaling = Scaling(defaultScaling);
    }

    /// <summary>The strategies shipped with Smo.</summary>
    public static StrategyRegistry Builtin() => new(
        [new FirstFitPlacement(), new MilpPlacement(), new MilpPlacement(energyAware: true), new OriginalPlacement()], MilpPlacement.StrategyName,
        [new MilpScaling(), new OriginalScaling(), new PredictiveScaling(), new PredictiveScaling(shadow: true)], MilpScaling.StrategyName);

    public IPlacementStrategy DefaultPlacement { get; }

    public IScalingStrategy DefaultScaling { get; }

    public IEnumerable<string> PlacementNames => _placement.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<string> ScalingNames => _scaling.Keys.Order(StringComparer.Ordinal);

    /// <summary>The placement strategy of that name, or the default when <paramref name="name"/> is null.</summary>
    public IPlacementStrategy Placement(string? name) => Resolve(_placement, name, DefaultPlacement, "placement");

    /// <summary>The scaling strategy of that name, or the default when <paramref name="name"/> is null.</summary>
    public IScalingStrategy Scaling(string? name) => Resolve(_scaling, name, DefaultScaling, "scaling");

    /// <summary>Why no placement strategy is named <paramref name="name"/> (saying which are), or null when one is.</summary>
    public string? UnknownPlacement(string name) => Unknown(_placement, name, "placement");

    /// <summary>Why no scaling strategy is named <paramref name="name"/> (saying which are), or null when one is.</summary>
    public string? UnknownScaling(string name) => Unknown(_scaling, name, "scaling");

    private static T Resolve<T>(Dictionary<string, T> strategies, string? name, T? fallback, string kind) where T : class =>
        name is null && fallback is not null
            ? fallback
            : strategies.GetValueOrDefault(name ?? "") ?? throw new UnknownStrategyException(Unknown(strategies, name ?? "", kind)!);

    private static string? Unknown<T>(Dictionary<string, T> strategies, string name, string kind) =>
        strategies.ContainsKey(name) ? null : $"No {kind} strategy is named '{name}'; known: {string.Join(", ", strategies.Keys.Order(StringComparer.Ordinal))}.";

    private static Dictionary<string, T> ByName<T>(IEnumerable<T> strategies, Func<T, string> name, string kind)
    {
        var byName = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var strategy in strategies)
        {
            if (!byName.TryAdd(name(strategy), strategy))
            {
                throw new ArgumentException($"Two {kind} strategies are named '{name(strategy)}'.", nameof(strategies));
            }
        }

        return byName;
    }
}

/// <summary>A request named a strategy that does not exist.</summary>
public sealed class UnknownStrategyException(string message) : ArgumentException(message);
