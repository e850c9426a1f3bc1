using Smo.Solver.Forecasting;
using static Smo.Solver.Tests.Forecasting.SyntheticSeries;

namespace Smo.Solver.Tests.Forecasting;

public sealed class EnsembleForecasterTests
{
    private static readonly TimeSpan TwoMinutes = TimeSpan.FromMinutes(2);

    [Fact]
    public void Forecast_of_a_noisy_daily_sine_is_near_the_sine_and_names_the_season()
    {
        var history = DailySine(Minute, TimeSpan.FromDays(7), noise: 5);

        var forecast = new EnsembleForecaster().Forecast(history, TwoMinutes);

        Assert.NotNull(forecast);
        var expected = DailySineAt(Minute * (history.Values.Count - 1 + 2));
        Assert.InRange(forecast.Point, expected - 8, expected + 8);
        Assert.Equal(1440, forecast.SeasonSteps);
    }

    [Fact]
    public void Forecast_extrapolates_a_linear_trend()
    {
        var history = LinearTrend(Minute, 2000);

        var forecast = new EnsembleForecaster().Forecast(history, TimeSpan.FromMinutes(10));

        Assert.NotNull(forecast);
        Assert.Equal(10 + 0.5 * 2009, forecast.Point, 0);
        Assert.Equal(0, forecast.SeasonSteps);
    }

    [Fact]
    public void Forecast_is_for_the_end_plus_the_horizon_rounded_up_to_whole_steps()
    {
        var history = LinearTrend(Minute, 200);

        var forecast = new EnsembleForecaster().Forecast(history, TimeSpan.FromSeconds(90));

        Assert.Equal(history.End + TwoMinutes, forecast!.At);
    }

    [Fact]
    public void Forecast_upper_is_at_least_the_point_after_a_step_change()
    {
        var history = Step(Minute, samples: 600, jumpAt: 560, noise: 5);

        var forecast = new EnsembleForecaster().Forecast(history, TwoMinutes);

        Assert.NotNull(forecast);
        Assert.True(forecast.Upper >= forecast.Point, $"upper {forecast.Upper} below point {forecast.Point}");
        Assert.InRange(forecast.Point, 120, 180);
    }

    [Fact]
    public void Forecast_of_a_flat_series_is_its_level_with_no_margin()
    {
        var history = new RateHistory(Start, Minute, Enumerable.Repeat(42.0, 500).ToArray());

        var forecast = new EnsembleForecaster().Forecast(history, TwoMinutes);

        Assert.NotNull(forecast);
        Assert.Equal(42, forecast.Point, 9);
        Assert.Equal(forecast.Point, forecast.Upper, 9);
    }

    [Fact]
    public void Forecast_upper_grows_with_the_quantile()
    {
        var history = Step(Minute, samples: 600, jumpAt: 300, noise: 5);

        var median = new EnsembleForecaster(new EnsembleOptions { Quantile = 0.5 }).Forecast(history, TwoMinutes)!;
        var high = new EnsembleForecaster(new EnsembleOptions { Quantile = 0.95 }).Forecast(history, TwoMinutes)!;

        Assert.Equal(median.Point, high.Point);
        Assert.True(high.Upper - high.Point > median.Upper - median.Point, $"margin at 0.95 {high.Upper - high.Point}, at 0.5 {median.Upper - median.Point}");
    }

    [Fact]
    public void Forecast_is_never_negative_for_a_load_falling_to_zero()
    {
        var history = new RateHistory(Start, Minute, Enumerable.Range(0, 300).Select(i => Math.Max(0, 300 - 1.0 * i)).ToArray());

        var forecast = new EnsembleForecaster().Forecast(history, TimeSpan.FromMinutes(30));

        Assert.NotNull(forecast);
        Assert.True(forecast.Point >= 0 && forecast.Upper >= forecast.Point, $"point {forecast.Point}, upper {forecast.Upper}");
    }

    [Fact]
    public void Forecast_is_null_one_sample_short_of_the_minimum()
    {
        var forecaster = new EnsembleForecaster();
        var minimum = forecaster.MinimumSamples(steps: 2);

        var tooShort = forecaster.Forecast(LinearTrend(Minute, minimum - 1), TwoMinutes);
        var enough = forecaster.Forecast(LinearTrend(Minute, minimum), TwoMinutes);

        Assert.Null(tooShort);
        Assert.NotNull(enough);
    }

    [Fact]
    public void Forecast_is_null_when_more_than_half_the_samples_are_missing()
    {
        var history = LinearTrend(Minute, 1000);
        var mostlyMissing = history with { Values = history.Values.Select((v, i) => i % 3 == 0 ? v : double.NaN).ToArray() };

        var forecast = new EnsembleForecaster().Forecast(mostlyMissing, TwoMinutes);

        Assert.Null(forecast);
    }

    [Fact]
    public void Forecast_fills_missing_samples_and_stays_near_the_sine()
    {
        var history = WithMissing(DailySine(Minute, TimeSpan.FromDays(3), noise: 5), every: 5);
        var lastMissing = history with { Values = [.. history.Values, double.NaN] };

        var forecast = new EnsembleForecaster().Forecast(lastMissing, TwoMinutes);

        Assert.NotNull(forecast);
        var expected = DailySineAt(Minute * (lastMissing.Values.Count - 1 + 2));
        Assert.InRange(forecast.Point, expected - 8, expected + 8);
    }

    [Fact]
    public void Forecast_is_deterministic()
    {
        var history = DailySine(Minute, TimeSpan.FromDays(3), noise: 10);

        var first = new EnsembleForecaster().Forecast(history, TwoMinutes);
        var second = new EnsembleForecaster().Forecast(history, TwoMinutes);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Forecast_is_null_for_a_horizon_longer_than_the_history()
    {
        var history = LinearTrend(Minute, 100);

        var forecast = new EnsembleForecaster().Forecast(history, TimeSpan.FromDays(365));

        Assert.Null(forecast);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Constructor_refuses_a_quantile_outside_zero_and_one(double quantile)
    {
        var error = Assert.Throws<ArgumentException>(() => new EnsembleForecaster(new EnsembleOptions { Quantile = quantile }));

        Assert.Contains("Quantile", error.Message);
    }
}
