namespace Smo.Kpi.Series;

/// <summary>
/// Stand-ins for the traces when <c>../shared/data</c> is absent: a load with a daily and a weekly shape, noise and
/// bursts, and a daily carbon-intensity curve per region. Seeded, so the same scenario gives the same series.
/// </summary>
public static class SyntheticSeries
{
    private const double Day = 86_400;
    private const double Week = 7 * Day;

    /// <summary>
    /// A request rate from 0 to 1 (scaled to a peak later): a trough at night, a peak in the afternoon, weekends at
    /// <paramref name="weekendShare"/> of weekdays, ±5 % noise per step and a few bursts of up to twice the level.
    /// </summary>
    public static double[] Load(int seed, double step, int count, double weekendShare, double burstsPerDay = 1)
    {
        var random = new Random(seed);
        var values = new double[count];
        var burstLeft = 0;
        var burstHeight = 0.0;
        for (var i = 0; i < count; i++)
        {
            var t = i * step;
            var daily = 0.55 - (0.45 * Math.Cos(2 * Math.PI * ((t % Day) - (3 * 3600)) / Day));
            var weekend = (t % Week) >= 5 * Day ? weekendShare : 1;
            if (burstLeft == 0 && random.NextDouble() < burstsPerDay * step / Day)
            {
                burstLeft = random.Next(2, 12);
                burstHeight = 1.3 + (0.7 * random.NextDouble());
            }

            var burst = burstLeft > 0 ? burstHeight : 1;
            burstLeft = Math.Max(0, burstLeft - 1);
            values[i] = Math.Max(0, daily * weekend * burst * (1 + (0.05 * ((2 * random.NextDouble()) - 1))));
        }

        return values;
    }

    /// <summary>A daily carbon curve around <paramref name="mean"/> (gCO2/kWh): dirtiest in the evening, cleanest at midday.</summary>
    public static double[] Carbon(int seed, double step, int count, double mean, double amplitude)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var t = i * step;
            var daily = Math.Cos(2 * Math.PI * ((t % Day) - (19 * 3600)) / Day);
            values[i] = Math.Max(1, mean + (amplitude * daily) + (0.05 * mean * ((2 * random.NextDouble()) - 1)));
        }

        return values;
    }
}
