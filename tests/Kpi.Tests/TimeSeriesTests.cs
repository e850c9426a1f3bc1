using Smo.Kpi.Series;

namespace Smo.Kpi.Tests;

public sealed class TimeSeriesTests
{
    private static readonly TimeSeries Series = new(-10, 5, [1, 3, 5]);

    [Theory]
    [InlineData(-20, 1)]
    [InlineData(-10, 1)]
    [InlineData(-5.01, 1)]
    [InlineData(-5, 3)]
    [InlineData(4.99, 5)]
    [InlineData(5, 1)]
    [InlineData(12, 3)]
    public void ValueAt_holds_each_value_and_loops_after_the_end(double time, double value)
    {
        Assert.Equal(value, Series.ValueAt(time));
    }

    [Theory]
    [InlineData(-10, 5, 3)]
    [InlineData(-7.5, -2.5, 2)]
    [InlineData(0, 10, 3)]
    [InlineData(-15, -10, 1)]
    [InlineData(2, 2, 5)]
    public void MeanOver_is_the_exact_mean_of_the_held_values(double from, double to, double mean)
    {
        Assert.Equal(mean, Series.MeanOver(from, to), 12);
    }

    [Fact]
    public void ScaledToPeak_keeps_the_shape_with_the_largest_value_at_the_peak()
    {
        var scaled = Series.ScaledToPeak(50);

        Assert.Equal([10, 30, 50], scaled.Values);
    }
}
