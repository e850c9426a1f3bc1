namespace Smo.Bench.Tests;

/// <summary>The failover suite's p50 and p95 of ten rounds are nearest-rank: always a round's own figure.</summary>
public sealed class PercentilesTests
{
    [Theory]
    [InlineData(50, 5)]
    [InlineData(95, 10)]
    [InlineData(90, 9)]
    [InlineData(100, 10)]
    public void Nearest_rank_of_ten_values_in_any_order(double percentile, double expected)
    {
        double[] values = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];

        Assert.Equal(expected, Percentiles.Of(values, percentile));
    }

    [Fact]
    public void One_value_is_every_percentile()
    {
        Assert.Equal(4.2, Percentiles.Of([4.2], 50));
        Assert.Equal(4.2, Percentiles.Of([4.2], 95));
    }

    [Fact]
    public void No_value_has_no_percentile()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([], 50));
    }
}
