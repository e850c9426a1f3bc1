namespace Smo.Store.Forecasts;

/// <summary>A forecast a scaling tick made for one service.</summary>
/// <param name="Method">The method that made it (a forecaster's, or <c>pushed</c>).</param>
/// <param name="Point">The expected rate, requests/s.</param>
/// <param name="Upper">The upper quantile of the rate, requests/s; at least <paramref name="Point"/>.</param>
/// <param name="At">The time the forecast is for.</param>
/// <param name="Horizon">How far ahead of the tick <paramref name="At"/> lies.</param>
/// <param name="Acted">Whether the decision scaled on it (false in shadow mode, or when the rate now was higher).</param>
public sealed record NewForecast(string Service, string Method, double Point, double Upper, DateTimeOffset At, TimeSpan Horizon, bool Acted)
{
    public const int MaxMethodLength = 100;

    internal void Validate(string parameter)
    {
        Require.Label(Service, "The service name", parameter);
        Require.Text(Method, "The forecast method", parameter);
        if (Method.Length > MaxMethodLength)
        {
            throw new ArgumentException($"The forecast method has {Method.Length} characters; at most {MaxMethodLength} are allowed.", parameter);
        }

        Require.NonNegative(Point, "The forecast point", parameter);
        Require.NonNegative(Upper - Point, "The forecast upper quantile above its point", parameter);
        Require.NonNegative(Upper, "The forecast upper quantile", parameter);
        Require.NonNegative(Horizon.TotalSeconds, "The forecast horizon (seconds)", parameter);
    }
}

/// <summary>A forecast a later tick settled: what was forecast for <paramref name="At"/>, and the rate measured then.</summary>
/// <param name="Forecast">The forecast's point, requests/s.</param>
/// <param name="Actual">The rate measured at or after <paramref name="At"/>, requests/s.</param>
public sealed record SettledForecast(string Service, string Method, DateTimeOffset At, double Forecast, double Actual)
{
    public double AbsoluteError => Math.Abs(Actual - Forecast);
}

/// <summary>A stored forecast, settled or not.</summary>
public sealed record ForecastRecord(
    long Id, string Graph, string Service, string Method, double Point, double Upper, DateTimeOffset At, TimeSpan Horizon, bool Acted,
    DateTimeOffset CreatedAt, DateTimeOffset? SettledAt, double? Actual);
