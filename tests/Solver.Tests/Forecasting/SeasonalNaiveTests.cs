using Smo.Solver.Forecasting;

namespace Smo.Solver.Tests.Forecasting;

public sealed class SeasonalNaiveTests
{
    private static readonly double[] TwoSeasonsOfFour = [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [InlineData(1, 5.0)]
    [InlineData(2, 6.0)]
    [InlineData(4, 8.0)]
    [InlineData(5, 5.0)]
    public void Forecast_repeats_the_value_a_whole_number_of_seasons_back(int steps, double expected)
    {
        var forecast = SeasonalNaive.Forecast(TwoSeasonsOfFour, season: 4, steps);

        Assert.Equal(expected, forecast);
    }

    [Fact]
    public void Forecast_repeats_the_last_season_exactly()
    {
        var forecasts = Enumerable.Range(1, 4).Select(h => SeasonalNaive.Forecast(TwoSeasonsOfFour, season: 4, h));

        Assert.Equal(TwoSeasonsOfFour[4..], forecasts);
    }

    [Fact]
    public void Forecast_without_a_season_repeats_the_last_value()
    {
        var forecast = SeasonalNaive.Forecast(TwoSeasonsOfFour, season: 0, steps: 3);

        Assert.Equal(8, forecast);
    }
}
