using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace Smo.Solver.Forecasting;

/// <summary>
/// Finds the daily or weekly season of a rate history by circular autocorrelation of its hourly means over the last
/// whole weeks (or days), as Crane's <c>FindPeriod</c> does; the season must show in the detrended series to count.
/// </summary>
public static class Seasonality
{
    /// <summary>
    /// The autocorrelation at the season's lag below which the season is taken for noise; raised for short histories,
    /// where noise alone correlates by about 1/√(pairs).
    /// </summary>
    internal const double MinimumCorrelation = 0.3;

    /// <summary>
    /// How much the autocorrelation at the season must exceed the one at half the season: a random walk or a trend
    /// correlates at every lag, a season at its own lag more than half-way (in anti-phase) to it.
    /// </summary>
    internal const double MinimumPeak = 0.1;

    /// <summary>
    /// How much better the week's autocorrelation must be than the day's for the week to win. Days of one shape differ
    /// at the two lags by noise only, under 0.002 on hourly means; Crane's weekly series lead by 0.007 and more.
    /// </summary>
    internal const double WeekMargin = 0.005;

    private static readonly TimeSpan Bucket = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private const int DaysInWeek = 7;

    /// <summary>
    /// The season in steps (one day or one week), 0 when neither is significant; each candidate needs two full
    /// seasons of history. Missing samples are interpolated.
    /// </summary>
    public static int Detect(RateHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var values = MissingSamples.Fill(history.Values, out _);
        return values is null ? 0 : Detect(values, history.Step);
    }

    /// <remarks>
    /// Hourly means keep the daily shape and drop the minute-to-minute noise and spikes that would hide it (and make
    /// the autocorrelation cheap). Over whole seasons the circular autocorrelation compares every hour with the same
    /// hour a season later, wrapping around, so no lag is measured on less data than another. Whether a season exists
    /// is judged on the detrended means (a trend must not hide a daily cycle); which season wins is judged on the
    /// means as they are: the week wins only when its shape repeats better than the day's, level drift included —
    /// the drift a weekly seasonal-naive forecast carries over seven days and a daily one over one. This reproduces
    /// Crane's verdicts on its own test series.
    /// </remarks>
    internal static int Detect(double[] values, TimeSpan step)
    {
        var day = StepsIn(Day, step);
        var bucket = Math.Max(1, StepsIn(Bucket, step));
        var bucketsInDay = (int)Math.Round((double)day / bucket);
        if (bucketsInDay < 2)
        {
            return 0;
        }

        var week = day * DaysInWeek;
        var weeks = values.Length / week;
        var window = weeks >= 2 ? weeks * week : values.Length / day * day;
        if (window < 2 * day)
        {
            return 0;
        }

        var means = BucketMeans(values.AsSpan(values.Length - window), bucket);
        var detrended = Detrend(means);
        var daily = IsSeason(detrended, bucketsInDay);
        var weekly = weeks >= 2 && IsSeason(detrended, bucketsInDay * DaysInWeek);
        return (daily, weekly) switch
        {
            (true, true) => CircularAutocorrelation(means, bucketsInDay * DaysInWeek) > CircularAutocorrelation(means, bucketsInDay) + WeekMargin ? week : day,
            (true, false) => day,
            (false, true) => week,
            _ => 0,
        };
    }

    internal static int StepsIn(TimeSpan period, TimeSpan step) =>
        step <= TimeSpan.Zero ? 0 : (int)Math.Clamp(Math.Round(period / step), 0, int.MaxValue / 16);

    private static bool IsSeason(double[] detrended, int lag)
    {
        var atSeason = CircularAutocorrelation(detrended, lag);
        var noise = 3 / Math.Sqrt(detrended.Length / 2.0);
        return atSeason >= Math.Max(MinimumCorrelation, noise) && atSeason - CircularAutocorrelation(detrended, lag / 2) >= MinimumPeak;
    }

    private static double[] BucketMeans(ReadOnlySpan<double> values, int bucket)
    {
        var means = new double[values.Length / bucket];
        for (var i = 0; i < means.Length; i++)
        {
            var sum = 0.0;
            foreach (var value in values.Slice(i * bucket, bucket))
            {
                sum += value;
            }

            means[i] = sum / bucket;
        }

        return means;
    }

    /// <summary>The values less their least-squares line.</summary>
    private static double[] Detrend(double[] values)
    {
        var index = Generate.LinearRange(0, 1, values.Length - 1);
        var (intercept, slope) = Fit.Line(index, values);
        return values.Select((value, i) => value - intercept - slope * i).ToArray();
    }

    /// <summary>Autocorrelation at <paramref name="lag"/> with the series wrapped around; 0 for a flat series.</summary>
    private static double CircularAutocorrelation(double[] values, int lag)
    {
        var mean = ArrayStatistics.Mean(values);
        var variance = ArrayStatistics.PopulationVariance(values);
        if (!(variance > 0) || !double.IsFinite(variance))
        {
            return 0;
        }

        var sum = 0.0;
        for (var t = 0; t < values.Length; t++)
        {
            sum += (values[t] - mean) * (values[(t + lag) % values.Length] - mean);
        }

        return sum / values.Length / variance;
    }
}
