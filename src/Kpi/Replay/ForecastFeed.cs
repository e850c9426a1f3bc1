using Smo.Kpi.Scenarios;
using Smo.Solver.Forecasting;

namespace Smo.Kpi.Replay;

/// <summary>
/// What a predictive strategy is told at a decision: each service's rate history as a Prometheus <c>query_range</c>
/// gives it — one sample per <see cref="Step"/>, each the mean rate over the step before it, up to
/// <see cref="Length"/> back (never before the scenario's history) — and the forecaster's forecast for the decision's
/// horizon (pod start delay + decision interval), rounded up to whole steps after the last sample. The request counter
/// counts every offered request, so the history is the trace's whatever the strategy does, and one feed (its forecasts
/// cached) serves every strategy with the same forecaster.
/// </summary>
public sealed class ForecastFeed(KpiScenario scenario, IRateForecaster forecaster, TimeSpan step, TimeSpan length)
{
    private readonly Dictionary<(string Service, long Last, int Steps), RateForecast?> _cache = [];

    public TimeSpan Step => step;

    public TimeSpan Length => length;

    /// <summary>The forecast for <paramref name="service"/> at <paramref name="now"/> + <paramref name="horizon"/>; null when the forecaster has nothing to say.</summary>
    public RateForecast? ForecastAt(KpiService service, double now, TimeSpan horizon)
    {
        var stepSeconds = step.TotalSeconds;
        var last = (long)Math.Floor(now / stepSeconds);
        var steps = Math.Max(1, (int)Math.Ceiling(((now + horizon.TotalSeconds) / stepSeconds) - last - 1e-9));
        var key = (service.Name, last, steps);
        if (!_cache.TryGetValue(key, out var forecast))
        {
            forecast = History(service, last * stepSeconds) is { } history ? forecaster.Forecast(history, step * steps) : null;
            _cache[key] = forecast;
        }

        return forecast;
    }

    /// <summary>The samples ending at <paramref name="end"/> (replay seconds), oldest first; null when there is none.</summary>
    public RateHistory? History(KpiService service, double end)
    {
        var stepSeconds = step.TotalSeconds;
        var earliest = Math.Max(-scenario.History.TotalSeconds, end - length.TotalSeconds) + stepSeconds;
        var count = (int)Math.Floor(((end - earliest) / stepSeconds) + 1e-9) + 1;
        if (count < 1)
        {
            return null;
        }

        var first = end - ((count - 1) * stepSeconds);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var at = first + (i * stepSeconds);
            values[i] = service.Load.MeanOver(at - stepSeconds, at);
        }

        return new RateHistory(scenario.Start.AddSeconds(first), step, values);
    }
}
