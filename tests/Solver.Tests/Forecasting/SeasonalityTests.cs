using Smo.Solver.Forecasting;
using static Smo.Solver.Tests.Forecasting.SyntheticSeries;

namespace Smo.Solver.Tests.Forecasting;

public sealed class SeasonalityTests
{
    [Fact]
    public void Detect_finds_one_day_in_a_noisy_daily_sine_at_one_minute()
    {
        var history = DailySine(Minute, TimeSpan.FromDays(7), noise: 10);

        Assert.Equal(1440, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_finds_one_day_at_five_minutes()
    {
        var history = DailySine(FiveMinutes, TimeSpan.FromDays(3), noise: 10);

        Assert.Equal(288, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_finds_one_week_when_weekends_differ_from_weekdays()
    {
        var history = OfficeWeek(FiveMinutes, TimeSpan.FromDays(21), noise: 5);

        Assert.Equal(2016, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_prefers_the_day_when_every_day_is_alike()
    {
        var history = DailySine(FiveMinutes, TimeSpan.FromDays(21), noise: 5);

        Assert.Equal(288, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_finds_no_season_in_white_noise()
    {
        var history = WhiteNoise(Minute, TimeSpan.FromDays(15));

        Assert.Equal(0, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_finds_no_season_in_a_linear_trend()
    {
        var history = LinearTrend(Minute, 7 * 1440);

        Assert.Equal(0, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_needs_two_full_seasons()
    {
        var history = DailySine(Minute, TimeSpan.FromHours(47), noise: 1);

        Assert.Equal(0, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_sees_the_season_through_missing_samples()
    {
        var history = WithMissing(DailySine(Minute, TimeSpan.FromDays(4), noise: 10), every: 4);

        Assert.Equal(1440, Seasonality.Detect(history));
    }

    [Fact]
    public void Detect_finds_nothing_when_every_sample_is_missing()
    {
        var history = new RateHistory(Start, Minute, Enumerable.Repeat(double.NaN, 5000).ToArray());

        Assert.Equal(0, Seasonality.Detect(history));
    }
}
