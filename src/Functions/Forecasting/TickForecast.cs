using Smo.Solver.Forecasting;

namespace Smo.Functions.Forecasting;

/// <summary>A service's forecast for a tick: the rate expected when replicas decided now would be ready.</summary>
/// <param name="Horizon">How far ahead of the tick the forecast's time lies (pod start delay + scaling interval).</param>
/// <param name="Source">Who pushed it, for a pushed forecast that names its source; null otherwise.</param>
public sealed record TickForecast(string Service, RateForecast Forecast, TimeSpan Horizon, string? Source = null);

/// <summary>A tick's forecasts, and the services it has none for (no history, too short, or no forecaster).</summary>
public sealed record TickForecasts(IReadOnlyDictionary<string, TickForecast> Forecasts, IReadOnlyList<string> Unforecast)
{
    public static TickForecasts None { get; } = new(new Dictionary<string, TickForecast>(), []);
}
