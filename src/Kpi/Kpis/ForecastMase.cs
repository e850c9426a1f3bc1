using Smo.Kpi.Scenarios;
using Smo.Solver.Forecasting;

namespace Smo.Kpi.Kpis;

/// <summary>
/// How well the forecasting library foresees each service's load over the measured window: its rolling evaluation
/// (<see cref="RollingEvaluation"/>) on the rate history a predictive decision reads — means over the history step,
/// from the scenario's history to its end — with origins in the measured window only, at the horizon the decisions
/// ask for (pod start + interval). MASE of the ensemble and of seasonal-naive, Holt-Winters and ridge alone, per
/// service; below 1 beats the in-sample seasonal-naive baseline.
/// </summary>
public static class ForecastMase
{
    public const string Ensemble = ForecastMethods.Ensemble;

    /// <summary>Method → service → MASE (NaN where the library has nothing to score).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Evaluate(
        KpiScenario scenario, TimeSpan step, TimeSpan history, TimeSpan horizon, int originEvery)
    {
        var byMethod = new[] { Ensemble, ForecastMethods.SeasonalNaive, ForecastMethods.HoltWinters, ForecastMethods.Ridge }
            .ToDictionary(m => m, _ => new Dictionary<string, double>(StringComparer.Ordinal), StringComparer.Ordinal);
        var seconds = step.TotalSeconds;
        var before = (int)Math.Floor(scenario.History.TotalSeconds / seconds);
        var count = before + (int)Math.Floor(scenario.Duration.TotalSeconds / seconds) + 1;
        foreach (var service in scenario.Services)
        {
            // Sample i is the mean over the step before its time, as a query_range of rate(...[step]) gives it.
            var first = -before * seconds;
            var values = Enumerable.Range(0, count).Select(i => service.Load.MeanOver(first + ((i - 1) * seconds), first + (i * seconds))).ToArray();
            var evaluation = RollingEvaluation.Evaluate(
                new RateHistory(scenario.Start.AddSeconds(first), step, values), horizon, originEvery, firstOrigin: before, maxHistory: history);
            byMethod[Ensemble][service.Name] = evaluation.Ensemble;
            byMethod[ForecastMethods.SeasonalNaive][service.Name] = evaluation.SeasonalNaive;
            byMethod[ForecastMethods.HoltWinters][service.Name] = evaluation.HoltWinters;
            byMethod[ForecastMethods.Ridge][service.Name] = evaluation.Ridge;
        }

        return byMethod.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, double>)m.Value, StringComparer.Ordinal);
    }
}
