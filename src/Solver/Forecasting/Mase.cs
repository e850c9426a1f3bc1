namespace Smo.Solver.Forecasting;

/// <summary>
/// Mean absolute scaled error: a forecast's mean absolute error divided by the in-sample mean absolute error of the
/// seasonal-naive forecast one step ahead (the naive one without a season). Below 1 beats that baseline in-sample.
/// </summary>
public static class Mase
{
    /// <summary>
    /// The in-sample mean absolute error of repeating the value <paramref name="season"/> steps back (1 step back
    /// without a season); NaN values are skipped; NaN when no pair is left.
    /// </summary>
    public static double Scale(IReadOnlyList<double> values, int season)
    {
        ArgumentNullException.ThrowIfNull(values);
        var lag = season > 0 ? season : 1;
        var sum = 0.0;
        var count = 0;
        for (var t = lag; t < values.Count; t++)
        {
            var error = Math.Abs(values[t] - values[t - lag]);
            if (double.IsFinite(error))
            {
                sum += error;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>
    /// The mean absolute error of <paramref name="forecasts"/> against <paramref name="actuals"/> (pairs with a NaN
    /// skipped) divided by <paramref name="scale"/>; NaN when no pair is left or the scale is not positive (a series
    /// the baseline repeats exactly has no scale to measure against).
    /// </summary>
    public static double Compute(IReadOnlyList<double> actuals, IReadOnlyList<double> forecasts, double scale)
    {
        ArgumentNullException.ThrowIfNull(actuals);
        ArgumentNullException.ThrowIfNull(forecasts);
        if (actuals.Count != forecasts.Count)
        {
            throw new ArgumentException($"{actuals.Count} actuals but {forecasts.Count} forecasts", nameof(forecasts));
        }

        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < actuals.Count; i++)
        {
            var error = Math.Abs(actuals[i] - forecasts[i]);
            if (double.IsFinite(error))
            {
                sum += error;
                count++;
            }
        }

        return count == 0 || !(scale > 0) ? double.NaN : sum / count / scale;
    }
}
