using Smo.Solver.Forecasting;

namespace Smo.Solver.Tests.Forecasting;

/// <summary>Series with known answers: seeded, so every run sees the same noise.</summary>
internal static class SyntheticSeries
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>100 + 50·sin(2π·t/day) + Gaussian noise of the given deviation.</summary>
    public static RateHistory DailySine(TimeSpan step, TimeSpan length, double noise, int seed = 1) =>
        Build(step, length, seed, noise, t => DailySineAt(t));

    public static double DailySineAt(TimeSpan sinceStart) => 100 + 50 * Math.Sin(2 * Math.PI * (sinceStart / TimeSpan.FromDays(1)));

    /// <summary>Weekdays: the daily sine; Saturdays and Sundays: a flat 20 (the weekend traffic of an office application).</summary>
    public static RateHistory OfficeWeek(TimeSpan step, TimeSpan length, double noise, int seed = 2) =>
        Build(step, length, seed, noise, t => (int)(t / TimeSpan.FromDays(1)) % 7 >= 5 ? 20 : DailySineAt(t));

    public static RateHistory WhiteNoise(TimeSpan step, TimeSpan length, int seed = 3) =>
        Build(step, length, seed, 10, _ => 100);

    /// <summary>10 + 0.5 per step, no noise.</summary>
    public static RateHistory LinearTrend(TimeSpan step, int samples) =>
        new(Start, step, Enumerable.Range(0, samples).Select(i => 10 + 0.5 * i).ToArray());

    /// <summary>A flat 50 that jumps to 150 at <paramref name="jumpAt"/>, with noise.</summary>
    public static RateHistory Step(TimeSpan step, int samples, int jumpAt, double noise, int seed = 4)
    {
        var random = new Random(seed);
        return new RateHistory(Start, step, Enumerable.Range(0, samples).Select(i => (i < jumpAt ? 50 : 150) + noise * Gaussian(random)).ToArray());
    }

    /// <summary>The same series with every n-th sample replaced by NaN.</summary>
    public static RateHistory WithMissing(RateHistory history, int every) =>
        history with { Values = history.Values.Select((v, i) => i % every == every - 1 ? double.NaN : v).ToArray() };

    private static RateHistory Build(TimeSpan step, TimeSpan length, int seed, double noise, Func<TimeSpan, double> shape)
    {
        var random = new Random(seed);
        var samples = (int)(length / step);
        return new RateHistory(Start, step, Enumerable.Range(0, samples).Select(i => shape(step * i) + noise * Gaussian(random)).ToArray());
    }

    /// <summary>Box-Muller: a standard normal draw from two uniform ones.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
