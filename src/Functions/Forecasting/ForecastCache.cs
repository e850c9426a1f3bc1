using System.Collections.Concurrent;
using Smo.Solver.Forecasting;

namespace Smo.Functions.Forecasting;

/// <summary>
/// The forecasts each service's history gave at its last read, kept until the next refresh so a tick neither asks
/// Prometheus nor runs the forecaster for a service refreshed less than <see cref="ForecastingOptions.RefreshEvery"/>
/// ago. Holds two forecasts per service, not its history, and at most <see cref="ForecastingOptions.MaxCachedServices"/>
/// services: a fleet of 1,000 graphs of 5 services is a few megabytes.
/// </summary>
public sealed class ForecastCache(ForecastingOptions options)
{
    private readonly ConcurrentDictionary<(string Graph, string Service), CachedForecast> _entries = new();
    private readonly Lock _evicting = new();

    public int Count => _entries.Count;

    /// <summary>The service's entry if it was read after <paramref name="freshAfter"/>; null when it must be read again.</summary>
    public CachedForecast? Fresh(string graph, string service, DateTimeOffset freshAfter) =>
        _entries.TryGetValue((graph, service), out var entry) && entry.ReadAt > freshAfter ? entry : null;

    public void Store(string graph, string service, CachedForecast entry)
    {
        _entries[(graph, service)] = entry;
        if (_entries.Count > options.MaxCachedServices)
        {
            Evict();
        }
    }

    /// <summary>Drops the least recently read tenth beyond the bound at once, so a full cache does not sort on every store.</summary>
    private void Evict()
    {
        lock (_evicting)
        {
            var excess = _entries.Count - options.MaxCachedServices;
            if (excess <= 0)
            {
                return;
            }

            foreach (var key in _entries.OrderBy(e => e.Value.ReadAt).Take(excess + (options.MaxCachedServices / 10)).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>
/// What one read of a service's history gave: the forecast for the time the tick that read it aimed at
/// (<paramref name="Near"/>) and for a refresh later (<paramref name="Far"/>); ticks in between take the line between
/// them. Both null when the history was missing or too short.
/// </summary>
public sealed record CachedForecast(DateTimeOffset ReadAt, RateForecast? Near, RateForecast? Far)
{
    /// <summary>The forecast for <paramref name="at"/>: linear between the two, the nearer one outside them; null when there is none.</summary>
    public RateForecast? At(DateTimeOffset at)
    {
        if (Near is null || Far is null || Far.At <= Near.At)
        {
            return Near is null ? null : Near with { At = at };
        }

        var share = Math.Clamp((at - Near.At) / (Far.At - Near.At), 0, 1);
        var point = Near.Point + (share * (Far.Point - Near.Point));
        var upper = Near.Upper + (share * (Far.Upper - Near.Upper));
        return (share < 0.5 ? Near : Far) with { Point = point, Upper = Math.Max(point, upper), At = at };
    }
}
