namespace Smo.Solver.Forecasting;

/// <summary>How <see cref="EnsembleForecaster"/> chooses and bounds its forecasts.</summary>
public sealed record EnsembleOptions
{
    /// <summary>The quantile of the back-test's absolute errors added to the point as the upper forecast, in (0, 1).</summary>
    public double Quantile { get; init; } = 0.9;

    /// <summary>
    /// How far back the back-test reaches (its origins); shorter when the history is. A week sees the weekend too;
    /// on the Crane series it chose better than one day or three (a day's back-test picks a method by the luck of
    /// that day).
    /// </summary>
    public TimeSpan BackTestWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How many recent samples the ridge regression reads (at least 1).</summary>
    public int MaxLags { get; init; } = 6;

    /// <summary>The ridge prior on the standardised weights (positive): how much data it takes to move a weight from zero.</summary>
    public double RidgeLambda { get; init; } = 1;

    /// <summary>
    /// Weight of the past per sample in the ridge regression, in (0, 1]: 0.999 remembers about 1,000 samples, so it
    /// follows a load that changes its shape within a day or two.
    /// </summary>
    public double RidgeForgetting { get; init; } = 0.999;

    /// <summary>The problems with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(Quantile > 0 && Quantile < 1))
        {
            problems.Add($"{nameof(Quantile)} must be in (0, 1), was {Quantile}");
        }

        if (BackTestWindow <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(BackTestWindow)} must be positive, was {BackTestWindow}");
        }

        if (MaxLags is < 1 or > MaxLagsLimit)
        {
            problems.Add($"{nameof(MaxLags)} must be in [1, {MaxLagsLimit}], was {MaxLags}");
        }

        if (!(RidgeLambda > 0 && double.IsFinite(RidgeLambda)))
        {
            problems.Add($"{nameof(RidgeLambda)} must be positive and finite, was {RidgeLambda}");
        }

        if (!(RidgeForgetting > 0 && RidgeForgetting <= 1))
        {
            problems.Add($"{nameof(RidgeForgetting)} must be in (0, 1], was {RidgeForgetting}");
        }

        return problems;
    }

    /// <summary>The regression's cost grows with the square of its inputs; beyond this many lags it no longer pays.</summary>
    internal const int MaxLagsLimit = 64;
}
