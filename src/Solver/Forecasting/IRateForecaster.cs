namespace Smo.Solver.Forecasting;

/// <summary>Forecasts a service's request rate from its history (pure: no I/O, no wall clock).</summary>
public interface IRateForecaster
{
    /// <summary>
    /// The rate <paramref name="horizon"/> after the last sample of <paramref name="history"/>, with an upper quantile
    /// as the safety margin; null when the history is too short to say anything (the caller scales on the rate now).
    /// </summary>
    RateForecast? Forecast(RateHistory history, TimeSpan horizon);
}

/// <summary>Evenly spaced rate samples (requests/s), oldest first; NaN marks a missing sample.</summary>
/// <param name="Start">Time of the first sample.</param>
/// <param name="Step">Time between samples.</param>
public sealed record RateHistory(DateTimeOffset Start, TimeSpan Step, IReadOnlyList<double> Values)
{
    /// <summary>Time of the last sample.</summary>
    public DateTimeOffset End => Start + Step * Math.Max(0, Values.Count - 1);
}

/// <summary>A forecast of the rate at <paramref name="At"/>.</summary>
/// <param name="Point">The expected rate, requests/s.</param>
/// <param name="Upper">The upper quantile of the rate (point plus the back-tested error margin); at least <paramref name="Point"/>.</param>
/// <param name="Method">The method that made it: one of <see cref="ForecastMethods"/>, or <c>pushed</c> for a forecast sent from outside.</param>
/// <param name="At">The time the forecast is for.</param>
/// <param name="SeasonSteps">The season the history showed (in steps; 0 when none was found).</param>
public sealed record RateForecast(double Point, double Upper, string Method, DateTimeOffset At, int SeasonSteps = 0);

/// <summary>The names forecasts carry.</summary>
public static class ForecastMethods
{
    public const string SeasonalNaive = "seasonal-naive";
    public const string HoltWinters = "holt-winters";
    public const string Ridge = "ridge";
    public const string Ensemble = "ensemble";
    public const string Pushed = "pushed";
}
