using Smo.Solver.Forecasting;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;
using Smo.Solver.Strategies;

namespace Smo.Kpi.Strategies;

/// <summary>The strategies the KPI benchmark compares, the original SMO first (the report's 100 %).</summary>
public static class KpiStrategies
{
    public const string Original = "smo-original";
    public const string Reactive = "smo-milp";
    public const string Predictive = "predictive";
    public const string EnergyAware = "energy-aware";
    public const string PredictiveEnergyAware = "predictive+energy-aware";

    /// <summary>The original V3 looped every 30 s (<c>DECISION_INTERVAL</c>), whatever Smo's default.</summary>
    public static readonly TimeSpan OriginalInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The five compared: <c>smo-original</c> (its own placement and scaling, 30 s, no load watch — the original had none),
    /// reactive <c>smo-milp</c>, <c>predictive</c> (smo-milp fed max(rate, forecast upper)), <c>energy-aware</c> placement
    /// (re-placed when carbon moves) with smo-milp scaling, and both. Predictive ones need <paramref name="forecaster"/>.
    /// </summary>
    public static IReadOnlyList<KpiStrategy> Compared(IRateForecaster? forecaster, string? forecasterName = null) =>
    [
        new(Original, Original, Original, OriginalInterval) { LoadWatch = false },
        new(Reactive, MilpPlacement.StrategyName, MilpScaling.StrategyName),
        new(Predictive, MilpPlacement.StrategyName, MilpScaling.StrategyName) { Forecaster = forecaster, ForecasterName = forecasterName },
        new(EnergyAware, MilpPlacement.EnergyAwareName, MilpScaling.StrategyName) { CarbonReoptimisation = true },
        new(PredictiveEnergyAware, MilpPlacement.EnergyAwareName, MilpScaling.StrategyName)
        {
            Forecaster = forecaster, ForecasterName = forecasterName, CarbonReoptimisation = true,
        },
    ];

    /// <summary>Why <paramref name="strategy"/> cannot run here (a strategy not in the registry, no forecaster), or null.</summary>
    public static string? Unavailable(KpiStrategy strategy, StrategyRegistry registry, IEnumerable<string> predictiveNames)
    {
        if (registry.UnknownPlacement(strategy.Placement) is { } placement)
        {
            return placement;
        }

        if (registry.UnknownScaling(strategy.Scaling) is { } scaling)
        {
            return scaling;
        }

        return strategy.Forecaster is null && predictiveNames.Contains(strategy.Name, StringComparer.Ordinal)
            ? "No forecaster is available to drive it."
            : null;
    }
}
