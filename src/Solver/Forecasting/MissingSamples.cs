namespace Smo.Solver.Forecasting;

/// <summary>Fills the missing samples (NaN or infinite) of a rate history so the methods can run on a whole series.</summary>
internal static class MissingSamples
{
    /// <summary>
    /// The values with each gap filled by a straight line between its neighbours (a gap at either end takes the
    /// nearest sample): the interpolation keeps a daily shape through a short scrape outage, where a zero would
    /// read as a load drop. Null when no sample is present.
    /// </summary>
    public static double[]? Fill(IReadOnlyList<double> values, out int missing)
    {
        var filled = new double[values.Count];
        missing = 0;
        var previous = -1;
        for (var i = 0; i < filled.Length; i++)
        {
            var value = values[i];
            if (!double.IsFinite(value))
            {
                missing++;
                continue;
            }

            filled[i] = value;
            if (i - previous > 1)
            {
                FillGap(filled, previous, i);
            }

            previous = i;
        }

        if (previous < 0)
        {
            return null;
        }

        for (var i = previous + 1; i < filled.Length; i++)
        {
            filled[i] = filled[previous];
        }

        return filled;
    }

    private static void FillGap(double[] filled, int before, int after)
    {
        if (before < 0)
        {
            Array.Fill(filled, filled[after], 0, after);
            return;
        }

        var slope = (filled[after] - filled[before]) / (after - before);
        for (var i = before + 1; i < after; i++)
        {
            filled[i] = filled[before] + slope * (i - before);
        }
    }
}
