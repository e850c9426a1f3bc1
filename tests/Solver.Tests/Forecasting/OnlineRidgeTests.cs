using Smo.Solver.Forecasting;
using static Smo.Solver.Tests.Forecasting.SyntheticSeries;

namespace Smo.Solver.Tests.Forecasting;

public sealed class OnlineRidgeTests
{
    [Fact]
    public void Predict_after_learning_a_linear_trend_extrapolates_it()
    {
        var values = LinearTrend(Minute, 600).Values.ToArray();
        var ridge = new OnlineRidge(steps: 5, season: 0, lags: 3, lambda: 1, forgetting: 1, centre: values.Average(), scale: 100);

        var forecasts = ridge.FromEachOrigin(values);

        // From the last origin, 5 steps on: 10 + 0.5 × 604.
        Assert.Equal(312, forecasts[^1], 0);
    }

    [Fact]
    public void Predict_with_a_season_learns_the_seasonal_lag()
    {
        var values = DailySine(FiveMinutes, TimeSpan.FromDays(4), noise: 2).Values.ToArray();
        var ridge = new OnlineRidge(steps: 12, season: 288, lags: 6, lambda: 1, forgetting: 0.999, centre: 100, scale: 35);

        var forecasts = ridge.FromEachOrigin(values);

        var expected = DailySineAt(FiveMinutes * (values.Length - 1 + 12));
        Assert.InRange(forecasts[^1], expected - 6, expected + 6);
    }

    [Fact]
    public void FromEachOrigin_forecasts_only_where_every_input_is_known()
    {
        var values = DailySine(FiveMinutes, TimeSpan.FromDays(3), noise: 2).Values.ToArray();
        var ridge = new OnlineRidge(steps: 1, season: 288, lags: 6, lambda: 1, forgetting: 1, centre: 100, scale: 35);

        var forecasts = ridge.FromEachOrigin(values);

        Assert.All(forecasts[..ridge.FirstOrigin], f => Assert.True(double.IsNaN(f)));
        Assert.All(forecasts[ridge.FirstOrigin..], f => Assert.True(double.IsFinite(f)));
    }

    [Fact]
    public void Constructor_refuses_a_forgetting_factor_outside_zero_and_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnlineRidge(1, 0, 3, 1, forgetting: 1.5, centre: 0, scale: 1));
    }
}
