namespace Smo.Solver.Forecasting;

/// <summary>MASE per method over the origins of a rolling evaluation, all methods scaled alike.</summary>
/// <param name="Origins">How many origins were forecast from (each method forecast from every one).</param>
/// <param name="SeasonSteps">The season of the whole series (the MASE scale's lag), 0 when none.</param>
/// <param name="Ensemble">The <see cref="EnsembleForecaster"/>'s point forecast.</param>
/// <param name="SeasonalNaive">Seasonal-naive alone, with the season seen at each origin.</param>
/// <param name="HoltWinters">Holt-Winters alone.</param>
/// <param name="Ridge">The online ridge regression alone.</param>
public sealed record ForecastEvaluation(int Origins, int SeasonSteps, double Ensemble, double SeasonalNaive, double HoltWinters, double Ridge);

/// <summary>
/// Rolling-origin evaluation: from every <c>originEvery</c>-th sample of a whole series, each method forecasts the
/// horizon ahead from the history up to that origin only, and its errors against what followed are scored by MASE.
/// </summary>
/// <remarks>
/// The cost is one ensemble forecast per origin, linear in the history it sees (capped by <c>maxHistory</c>,
/// default 14 days: two weeks, the least a weekly season needs). For 16 series of ~23,000 one-minute samples, the
/// caller should aggregate to 5 minutes and forecast once an hour (about 300 origins a series, well under a second
/// each series); at one minute and an origin an hour, expect several seconds a series.
/// </remarks>
public static class RollingEvaluation
{
    private static readonly TimeSpan DefaultMaxHistory = TimeSpan.FromDays(14);

    /// <param name="series">The whole series.</param>
    /// <param name="horizon">How far ahead each forecast is made.</param>
    /// <param name="originEvery">Steps between origins (at least 1).</param>
    /// <param name="firstOrigin">The first origin's index: the history the first forecast sees. Default: two days.</param>
    /// <param name="maxHistory">At most this much history before each origin is given to the forecaster.</param>
    /// <param name="options">The ensemble's options.</param>
    public static ForecastEvaluation Evaluate(
        RateHistory series,
        TimeSpan horizon,
        int originEvery,
        int? firstOrigin = null,
        TimeSpan? maxHistory = null,
        EnsembleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(originEvery, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(series.Step, TimeSpan.Zero);
        var values = MissingSamples.Fill(series.Values, out _) ?? [];
        var steps = EnsembleForecaster.Steps(horizon, series.Step, Math.Max(1, values.Length));
        var season = Seasonality.Detect(values, series.Step);
        var scale = Mase.Scale(series.Values, season);
        if (steps is null)
        {
            return new ForecastEvaluation(0, season, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var forecaster = new EnsembleForecaster(options);
        var history = Math.Max(1, Seasonality.StepsIn(maxHistory ?? DefaultMaxHistory, series.Step));
        var origin = firstOrigin ?? Seasonality.StepsIn(TimeSpan.FromDays(2), series.Step);
        var actuals = new List<double>();
        var (ensemble, seasonalNaive, holtWinters, ridge) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (; origin + steps.Value < values.Length; origin += originEvery)
        {
            var actual = series.Values[origin + steps.Value];
            var start = Math.Max(0, origin + 1 - history);
            var seen = values[start..(origin + 1)];
            var outcome = double.IsFinite(actual) ? forecaster.Run(seen, series.Step, steps.Value, Seasonality.Detect(seen, series.Step)) : null;
            if (outcome is null)
            {
                continue;
            }

            actuals.Add(actual);
            ensemble.Add(outcome.Point);
            seasonalNaive.Add(outcome.SeasonalNaive);
            holtWinters.Add(outcome.HoltWinters);
            ridge.Add(outcome.Ridge);
        }

        return new ForecastEvaluation(
            actuals.Count, season,
            Mase.Compute(actuals, ensemble, scale), Mase.Compute(actuals, seasonalNaive, scale),
            Mase.Compute(actuals, holtWinters, scale), Mase.Compute(actuals, ridge, scale));
    }
}
