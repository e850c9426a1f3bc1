using Smo.Adapters;
using Smo.Adapters.Prometheus;
using Smo.Functions.Graphs.Translation;
using Smo.Solver.Forecasting;
using Smo.Store.Forecasts;
using Smo.Store.Graphs;

namespace Smo.Functions.Forecasting;

/// <summary>
/// The forecasts a predictive tick scales on, for the time replicas decided now would be ready (now + the pod start
/// delay + the graph's scaling interval). A pushed forecast whose series spans that time wins; otherwise the
/// forecaster's, from the service's rate history in Prometheus — read for all the graph's services that need it in one
/// range query, at most once per refresh (<see cref="ForecastCache"/>). Without history enough for the forecaster, or
/// Prometheus answering, a service has no forecast and the tick scales it on the rate now.
/// </summary>
public sealed partial class ServiceForecasts(
    PushedForecasts pushed, IServiceMetrics metrics, ForecastCache cache, ForecastingOptions options, GraphDefaults defaults,
    IRateForecaster forecaster, ILogger<ServiceForecasts> logger)
{
    /// <summary>The forecasts of <paramref name="services"/> of <paramref name="graph"/> for a tick at <paramref name="now"/>.</summary>
    public async Task<TickForecasts> ForTickAsync(GraphRecord graph, IReadOnlyCollection<string> services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (services.Count == 0)
        {
            return TickForecasts.None;
        }

        var horizon = Horizon(graph);
        var target = now + horizon;
        var forecasts = new Dictionary<string, TickForecast>(StringComparer.Ordinal);
        foreach (var (service, rate) in await pushed.RatesAtAsync(graph.Name, target, cancellationToken))
        {
            if (services.Contains(service))
            {
                forecasts[service] = new TickForecast(service, new RateForecast(rate.Rate, rate.Rate, ForecastMethods.Pushed, target), horizon, rate.Source);
            }
        }

        var builtIn = services.Where(s => !forecasts.ContainsKey(s)).ToList();
        var entries = await CachedAsync(graph, builtIn, now, target, cancellationToken);
        var unforecast = new List<string>();
        foreach (var service in builtIn)
        {
            if (entries.GetValueOrDefault(service)?.At(target) is { } forecast && Usable(forecast))
            {
                forecasts[service] = new TickForecast(service, forecast, horizon);
            }
            else
            {
                unforecast.Add(service);
            }
        }

        return new TickForecasts(forecasts, unforecast);
    }

    /// <summary>How far ahead a tick of <paramref name="graph"/> forecasts: until replicas it asks for now would be ready and the next tick could act.</summary>
    public TimeSpan Horizon(GraphRecord graph) => defaults.PodStartDelay + graph.Strategies.ScalingInterval;

    /// <summary>The cache's entries of <paramref name="services"/>, those not fresh read again in one range query.</summary>
    private async Task<Dictionary<string, CachedForecast>> CachedAsync(
        GraphRecord graph, List<string> services, DateTimeOffset now, DateTimeOffset target, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, CachedForecast>(StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (var service in services)
        {
            if (cache.Fresh(graph.Name, service, now - options.RefreshEvery) is { } entry)
            {
                entries[service] = entry;
            }
            else
            {
                stale.Add(service);
            }
        }

        if (stale.Count == 0)
        {
            return entries;
        }

        var histories = await HistoriesAsync(graph, stale, now, cancellationToken);
        foreach (var service in stale)
        {
            var entry = histories.TryGetValue(new ScopedService(graph.Project, service), out var history)
                ? Forecast(history, now, target)
                : new CachedForecast(now, null, null);
            cache.Store(graph.Name, service, entry);
            entries[service] = entry;
        }

        return entries;
    }

    /// <summary>
    /// The services' rate histories on a grid of whole steps (so every read asks Prometheus for the same instants);
    /// empty when Prometheus cannot answer — the tick goes on, on the rates now, and the next refresh asks again.
    /// </summary>
    private async Task<IReadOnlyDictionary<ScopedService, RequestRateHistory>> HistoriesAsync(
        GraphRecord graph, List<string> services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var step = options.Step;
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % step.Ticks), TimeSpan.Zero);
        var window = step > defaults.RateWindow ? step : defaults.RateWindow;
        try
        {
            return await metrics.GetRequestRateHistoryAsync([.. services.Select(s => new ScopedService(graph.Project, s))], window, end - options.History, end, step, cancellationToken);
        }
        catch (AdapterException failure)
        {
            LogHistoryUnavailable(graph.Name, services.Count, failure.Message);
            return new Dictionary<ScopedService, RequestRateHistory>();
        }
    }

    /// <summary>The forecasts for <paramref name="target"/> and a refresh later; none from a history without a single rate.</summary>
    private CachedForecast Forecast(RequestRateHistory read, DateTimeOffset now, DateTimeOffset target)
    {
        if (!read.Values.Any(double.IsFinite))
        {
            return new CachedForecast(now, null, null);
        }

        var history = new RateHistory(read.Start, read.Step, read.Values);
        var near = forecaster.Forecast(history, Positive(target - history.End));
        var far = near is null ? null : forecaster.Forecast(history, Positive(target + options.RefreshEvery - history.End));
        return new CachedForecast(now, near, far);
    }

    /// <summary>A rate the scaling model and the store take: finite, not negative, its upper quantile not below its point.</summary>
    private static bool Usable(RateForecast forecast) =>
        double.IsFinite(forecast.Point) && double.IsFinite(forecast.Upper) && forecast.Point >= 0 && forecast.Upper >= forecast.Point;

    private static TimeSpan Positive(TimeSpan horizon) => horizon > TimeSpan.Zero ? horizon : TimeSpan.Zero;

    [LoggerMessage(LogLevel.Warning, "The rate history of {ServiceCount} services of graph {Graph} could not be read ({Reason}); they scale on the rate now until the next refresh")]
    private partial void LogHistoryUnavailable(string graph, int serviceCount, string reason);
}
