using Smo.Solver.Forecasting;

namespace Smo.Solver.Tests.Forecasting;

public sealed class MaseTests
{
    [Fact]
    public void Scale_without_a_season_is_the_mean_step_change()
    {
        // |2−1| + |4−2| + |7−4| = 6 over 3 pairs.
        var scale = Mase.Scale([1, 2, 4, 7], season: 0);

        Assert.Equal(2, scale, 12);
    }

    [Fact]
    public void Scale_with_a_season_compares_each_value_with_the_one_a_season_earlier()
    {
        // |2−1| + |5−3| + |4−2| = 5 over 3 pairs.
        var scale = Mase.Scale([1, 3, 2, 5, 4], season: 2);

        Assert.Equal(5.0 / 3, scale, 12);
    }

    [Fact]
    public void Scale_skips_pairs_with_a_missing_value()
    {
        // |4−2| only: both pairs touching the NaN are skipped.
        var scale = Mase.Scale([double.NaN, 2, 4], season: 0);

        Assert.Equal(2, scale, 12);
    }

    [Fact]
    public void Compute_divides_the_mean_absolute_error_by_the_scale()
    {
        // (|3−2| + |5−7|) / 2 = 1.5, over a scale of 2.
        var mase = Mase.Compute([3, 5], [2, 7], scale: 2);

        Assert.Equal(0.75, mase, 12);
    }

    [Fact]
    public void Compute_is_NaN_without_a_scale()
    {
        var mase = Mase.Compute([3, 5], [2, 7], scale: 0);

        Assert.True(double.IsNaN(mase));
    }

    [Fact]
    public void Compute_refuses_lists_of_different_lengths()
    {
        Assert.Throws<ArgumentException>(() => Mase.Compute([1, 2], [1], scale: 1));
    }
}
