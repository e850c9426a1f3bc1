using Smo.Solver.Placement;

namespace Smo.Solver.Strategies;

/// <summary>Selects placement strategies by name (per graph or a global default); unknown names are refused with the known ones.</summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, IPlacementStrategy> _placement = new(StringComparer.OrdinalIgnoreCase);

    public StrategyRegistry(IEnumerable<IPlacementStrategy> placementStrategies, string defaultPlacement)
    {
        foreach (var strategy in placementStrategies)
        {
            if (!_placement.TryAdd(strategy.Name, strategy))
            {
                throw new ArgumentException($"Two placement strategies are named '{strategy.Name}'.", nameof(placementStrategies));
            }
        }

        DefaultPlacement = Placement(defaultPlacement);
    }

    /// <summary>The strategies shipped with Smo.</summary>
    public static StrategyRegistry Builtin() => new([new FirstFitPlacement(), new MilpPlacement()], MilpPlacement.StrategyName);

    public IPlacementStrategy DefaultPlacement { get; }

    public IEnumerable<string> PlacementNames => _placement.Keys.Order(StringComparer.Ordinal);

    /// <summary>The strategy of that name, or the default when <paramref name="name"/> is null.</summary>
    public IPlacementStrategy Placement(string? name) =>
        name is null
            ? DefaultPlacement
            : _placement.GetValueOrDefault(name)
              ?? throw new UnknownStrategyException($"No placement strategy is named '{name}'; known: {string.Join(", ", PlacementNames)}.");
}

/// <summary>A request named a strategy that does not exist.</summary>
public sealed class UnknownStrategyException(string message) : ArgumentException(message);
