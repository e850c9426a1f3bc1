using Smo.Functions.Graphs.Translation;
using Smo.Kpi.Kpis;
using Smo.Kpi.Replay;
using Smo.Kpi.Scenarios;
using Smo.Kpi.Strategies;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;

namespace Smo.Kpi;

/// <summary>
/// A scenario replayed with every strategy that can run here, and its forecasters evaluated: what the benchmark prints
/// and the report draws. Strategies that cannot run (not in the registry yet, no forecaster) are listed with why.
/// </summary>
public sealed class KpiRun(GraphDefaults defaults, StrategyRegistry registry, ReplayOptions options)
{
    /// <param name="forecasters">Forecasters by name: the first drives the predictive strategies; all are evaluated (MASE).</param>
    public ScenarioOutcome Run(KpiScenario scenario, IReadOnlyList<KpiStrategy> strategies, IReadOnlyList<(string Name, IRateForecaster Forecaster)> forecasters)
    {
        var feeds = forecasters.ToDictionary(
            f => f.Name, f => new ForecastFeed(scenario, f.Forecaster, options.ForecastStep, options.ForecastHistory), StringComparer.Ordinal);
        var results = new List<ReplayResult>();
        var skipped = new List<(string Strategy, string Why)>();
        foreach (var strategy in strategies)
        {
            if (KpiStrategies.Unavailable(strategy, registry, [KpiStrategies.Predictive, KpiStrategies.PredictiveEnergyAware]) is { } why)
            {
                skipped.Add((strategy.Name, why));
                continue;
            }

            var feed = strategy.ForecasterName is { } name ? feeds.GetValueOrDefault(name) : null;
            results.Add(new ReplayEngine(defaults, registry, options).Run(scenario, strategy, feed));
        }

        var horizon = (scenario.PodStart ?? defaults.PodStartDelay) + defaults.ScalingInterval;
        var mase = feeds.ToDictionary(f => f.Key, f => ForecastScore.Mase(scenario, f.Value, horizon, defaults.RateWindow), StringComparer.Ordinal);
        return new ScenarioOutcome(scenario, results, skipped, mase);
    }
}

/// <summary>A scenario's results: per strategy run, the strategies skipped and why, and MASE per forecaster and service.</summary>
public sealed record ScenarioOutcome(
    KpiScenario Scenario, IReadOnlyList<ReplayResult> Results, IReadOnlyList<(string Strategy, string Why)> Skipped,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Mase)
{
    /// <summary>The report's 100 %: <c>smo-original</c> when it ran, else the first strategy that did.</summary>
    public ReplayResult? Baseline => Results.FirstOrDefault(r => r.Strategy == KpiStrategies.Original) ?? Results.FirstOrDefault();
}
