using Smo.Store.Forecasts;

namespace Smo.Functions.Forecasting;

/// <summary>
/// What a predictive tick forecast and measured, for its decisions to carry: each decision the forecasts of its own
/// services, the errors of earlier forecasts for them that this tick's rates settled, and which had no forecast.
/// </summary>
public sealed class ForecastRecording(IReadOnlyList<NewForecast> made, IReadOnlyList<SettledForecast> settled, IReadOnlyList<string> unforecast)
{
    /// <summary>The part of the tick's forecasting about <paramref name="services"/>, as a decision's result shows it.</summary>
    public DecisionForecasts For(IEnumerable<string> services)
    {
        var names = services.ToHashSet(StringComparer.Ordinal);
        return new DecisionForecasts(
            [.. made.Where(f => names.Contains(f.Service)).Select(f => new DecisionForecast(f.Service, f.Method, f.Point, f.Upper, f.At, f.Horizon.TotalSeconds, f.Acted))],
            [.. settled.Where(s => names.Contains(s.Service)).Select(s => new DecisionForecastError(s.Service, s.Method, s.At, s.Forecast, s.Actual, s.AbsoluteError))],
            [.. unforecast.Where(names.Contains)]);
    }

    /// <summary>The decision's reason when services had no forecast: they scaled on the rate now.</summary>
    public static string NoForecast(IReadOnlyList<string> services) =>
        $"No forecast for {string.Join(", ", services)} (no rate history, or too short): scaled on the rate now.";
}

/// <summary>A decision's forecasts, the errors of earlier ones now measured, and the services it had none for.</summary>
public sealed record DecisionForecasts(IReadOnlyList<DecisionForecast> Made, IReadOnlyList<DecisionForecastError> Errors, IReadOnlyList<string> Unforecast);

/// <summary>A forecast a decision had: the rate expected at <paramref name="At"/>, and whether the decision scaled on it.</summary>
public sealed record DecisionForecast(string Service, string Method, double Point, double Upper, DateTimeOffset At, double HorizonSeconds, bool Acted);

/// <summary>An earlier forecast for <paramref name="At"/>, with the rate this decision's tick measured then.</summary>
public sealed record DecisionForecastError(string Service, string Method, DateTimeOffset At, double Forecast, double Actual, double AbsoluteError);
