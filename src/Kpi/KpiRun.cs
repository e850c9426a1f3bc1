using Smo.Functions.Graphs.Translation;
using Smo.Kpi.Kpis;
using Smo.Kpi.Replay;
using Smo.Kpi.Scenarios;
using Smo.Kpi.Strategies;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;

namespace Smo.Kpi;

/// <summary>
/// A scenario replayed with every strategy that can run here, and the forecasting library evaluated on its load: what
/// the benchmark prints and the report draws. Strategies that cannot run (not in the registry, no forecaster) are
/// listed with why. Strategies with the same forecaster share its forecasts (the history is the trace's whatever
/// the strategy does).
/// </summary>
public sealed class KpiRun(GraphDefaults defaults, StrategyRegistry registry, ReplayOptions options)
{
    /// <summary>The rolling evaluation forecasts from every this many history steps (15 min at 5-min steps).</summary>
    public int ForecastOriginEvery { get; init; } = 3;

    /// <summary>Whether to evaluate the forecasting library (MASE) on the scenario's load.</summary>
    public bool EvaluateForecasts { get; init; } = true;

    public ScenarioOutcome Run(KpiScenario scenario, IReadOnlyList<KpiStrategy> strategies)
    {
        var feeds = new Dictionary<IRateForecaster, ForecastFeed>(ReferenceEqualityComparer.Instance);
        var results = new List<ReplayResult>();
        var skipped = new List<(string Strategy, string Why)>();
        foreach (var strategy in strategies)
        {
            if (KpiStrategies.Unavailable(strategy, registry) is { } why)
            {
                skipped.Add((strategy.Name, why));
                continue;
            }

            ForecastFeed? feed = null;
            if (strategy.Forecaster is { } forecaster && !feeds.TryGetValue(forecaster, out feed))
            {
                feeds[forecaster] = feed = new ForecastFeed(scenario, forecaster, options.ForecastStep, options.ForecastHistory);
            }

            results.Add(new ReplayEngine(defaults, registry, options).Run(scenario, strategy, feed));
        }

        var horizon = (scenario.PodStart ?? defaults.PodStartDelay) + defaults.ScalingInterval;
        var mase = EvaluateForecasts
            ? ForecastMase.Evaluate(scenario, options.ForecastStep, options.ForecastHistory, horizon, ForecastOriginEvery)
            : new Dictionary<string, IReadOnlyDictionary<string, double>>();
        return new ScenarioOutcome(scenario, results, skipped, mase);
    }
}

/// <summary>A scenario's results: per strategy run, the strategies skipped and why, and MASE per forecasting method and service.</summary>
public sealed record ScenarioOutcome(
    KpiScenario Scenario, IReadOnlyList<ReplayResult> Results, IReadOnlyList<(string Strategy, string Why)> Skipped,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Mase)
{
    /// <summary>The report's 100 %: <c>smo-original</c> when it ran, else the first strategy that did.</summary>
    public ReplayResult? Baseline => Results.FirstOrDefault(r => r.Strategy == KpiStrategies.Original) ?? Results.FirstOrDefault();
}
