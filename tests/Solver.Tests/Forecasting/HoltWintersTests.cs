using Smo.Solver.Forecasting;
using static Smo.Solver.Tests.Forecasting.SyntheticSeries;

namespace Smo.Solver.Tests.Forecasting;

public sealed class HoltWintersTests
{
    [Fact]
    public void Forecast_without_a_season_extrapolates_a_linear_trend()
    {
        var history = LinearTrend(Minute, 500);

        var forecast = HoltWinters.Forecast(history.Values, season: 0, steps: 10);

        // The next value 10 steps on: 10 + 0.5 × 509.
        Assert.Equal(264.5, forecast, 1);
    }

    [Fact]
    public void Forecast_with_a_season_follows_a_daily_sine()
    {
        var history = DailySine(FiveMinutes, TimeSpan.FromDays(4), noise: 2);

        var forecast = HoltWinters.Forecast(history.Values, season: 288, steps: 6);

        var expected = DailySineAt(FiveMinutes * (history.Values.Count - 1 + 6));
        Assert.InRange(forecast, expected - 5, expected + 5);
    }

    [Fact]
    public void Forecast_falls_back_to_Holt_when_the_history_holds_less_than_two_seasons()
    {
        var history = LinearTrend(Minute, 300);

        var forecast = HoltWinters.Forecast(history.Values, season: 200, steps: 1);

        Assert.Equal(10 + 0.5 * 300, forecast, 1);
    }

    [Fact]
    public void Fit_keeps_every_weight_inside_zero_and_one()
    {
        var history = DailySine(FiveMinutes, TimeSpan.FromDays(3), noise: 5);

        var weights = HoltWinters.Fit(history.Values, season: 288);

        Assert.All(new[] { weights.Alpha, weights.Beta, weights.Gamma }, w => Assert.InRange(w, double.Epsilon, 1 - 1e-12));
    }
}
