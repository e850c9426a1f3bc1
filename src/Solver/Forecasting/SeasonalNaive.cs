namespace Smo.Solver.Forecasting;

/// <summary>Repeats the last season: the rate h steps ahead is the rate one season (or as many as needed) before it.</summary>
public static class SeasonalNaive
{
    /// <summary>
    /// The forecast <paramref name="steps"/> after the last value; without a season (0) the last value itself
    /// (the naive forecast).
    /// </summary>
    public static double Forecast(IReadOnlyList<double> values, int season, int steps)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return values[SourceIndex(values.Count - 1, season, steps)];
    }

    /// <summary>The sample a forecast made at <paramref name="origin"/> for <paramref name="steps"/> ahead repeats.</summary>
    internal static int SourceIndex(int origin, int season, int steps)
    {
        if (season <= 0)
        {
            return origin;
        }

        var seasonsBack = (steps + season - 1) / season;
        return origin + steps - seasonsBack * season;
    }

    /// <summary>The first origin with a whole season behind it.</summary>
    internal static int FirstOrigin(int season, int steps) => season <= 0 ? 0 : Math.Max(0, -SourceIndex(0, season, steps));
}
