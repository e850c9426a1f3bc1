using Smo.Solver.Forecasting;
using Smo.Solver.Original;
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

    /// <summary>
    /// The five compared: <c>smo-original</c> (its own placement and scaling at its own 30 s, no load watch — the original had none),
    /// reactive <c>smo-milp</c>, <c>predictive</c> (smo-milp fed max(rate, forecast upper)), <c>energy-aware</c> placement
    /// (re-placed when carbon moves) with smo-milp scaling, and both. Predictive ones need <paramref name="forecaster"/>.
    /// </summary>
    public static IReadOnlyList<KpiStrategy> Compared(IRateForecaster? forecaster, string? forecasterName = null) =>
    [
        new(Original, OriginalPlacement.StrategyName, OriginalScaling.StrategyName) { LoadWatch = false },
        new(Reactive, MilpPlacement.StrategyName, MilpScaling.StrategyName),
        new(Predictive, MilpPlacement.StrategyName, MilpScaling.StrategyName) { Forecaster = forecaster, ForecasterName = forecasterName, Predictive = true },
        new(EnergyAware, MilpPlacement.EnergyAwareName, MilpScaling.StrategyName) { CarbonReoptimisation = true },
        new(PredictiveEnergyAware, MilpPlacement.EnergyAwareName, MilpScaling.StrategyName)
        {
            Forecaster = forecaster, ForecasterName = forecasterName, Predictive = true, CarbonReoptimisation = true,
        },
    ];

    /// <summary>Why <paramref name="strategy"/> cannot run here (a strategy not in the registry, no forecaster), or null.</summary>
    public static string? Unavailable(KpiStrategy strategy, StrategyRegistry registry)
    {
        if (registry.UnknownPlacement(strategy.Placement) is { } placement)
        {
            return placement;
        }

        if (registry.UnknownScaling(strategy.Scaling) is { } scaling)
        {
            return scaling;
        }

        return strategy.Predictive && strategy.Forecaster is null ? "No forecaster is available to drive it." : null;
    }
}
