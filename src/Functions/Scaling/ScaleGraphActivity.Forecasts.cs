using Smo.Functions.Forecasting;
using Smo.Solver.Scaling;
using Smo.Store.Forecasts;
using Smo.Store.Graphs;

namespace Smo.Functions.Scaling;

/// <summary>
/// The forecasting of a tick under a predictive strategy: each service with a rate now gets its forecast; the rates
/// settle the forecasts earlier ticks made for a time now reached; the new forecasts are stored, and acted on unless
/// the strategy is the shadow. A service without a forecast scales on the rate now, and its decision says so.
/// </summary>
public sealed partial class ScaleGraphActivity
{
    private async Task<Observation> ForecastAsync(GraphRecord graph, PredictiveScaling strategy, Observation observed, TickOutcome tick, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var measured = observed.Rates.Where(r => double.IsFinite(r.Value) && r.Value >= 0).ToDictionary(StringComparer.Ordinal);
        var reading = await forecasting.ForTickAsync(graph, measured.Keys, now, cancellationToken);
        var settled = await forecasts.SettleAsync(graph.Name, measured, now, now - SettleWindow(graph), cancellationToken);
        var made = reading.Forecasts.Values
            .Select(f => new NewForecast(f.Service, f.Forecast.Method, f.Forecast.Point, f.Forecast.Upper, f.Forecast.At, f.Horizon,
                Acted: strategy.ActsOnForecasts && f.Forecast.Upper > measured[f.Service]))
            .ToList();
        await forecasts.RecordAsync(graph.Name, made, cancellationToken);
        tick.Forecasts = new ForecastRecording(made, settled, reading.Unforecast);
        if (reading.Unforecast.Count > 0)
        {
            tick.Reasons.Add(ForecastRecording.NoForecast(reading.Unforecast));
        }

        return observed with { Forecasts = reading.Forecasts, ActOnForecasts = strategy.ActsOnForecasts };
    }

    /// <summary>
    /// How long after its time a forecast may still be measured: the first tick at or after it comes within an
    /// interval; a rate read much later is another time's, and the forecast closes without an error.
    /// </summary>
    private TimeSpan SettleWindow(GraphRecord graph)
    {
        var twoTicks = graph.Strategies.ScalingInterval * 2;
        return twoTicks > defaults.RateWindow ? twoTicks : defaults.RateWindow;
    }

    private static DecisionForecasts? Forecasts(TickOutcome tick, IEnumerable<string> services) => tick.Forecasts?.For(services);
}
