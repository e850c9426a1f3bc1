using Smo.Solver.Forecasting;
using static Smo.Solver.Tests.Forecasting.SyntheticSeries;

namespace Smo.Solver.Tests.Forecasting;

public sealed class RollingEvaluationTests
{
    public static TheoryData<string, RateHistory> Series => new()
    {
        { "daily sine", DailySine(FiveMinutes, TimeSpan.FromDays(5), noise: 8) },
        { "step change", Step(FiveMinutes, samples: 1500, jumpAt: 900, noise: 5) },
        { "linear trend", LinearTrend(FiveMinutes, 1500) },
        { "white noise", WhiteNoise(FiveMinutes, TimeSpan.FromDays(5)) },
    };

    [Theory]
    [MemberData(nameof(Series))]
    public void Evaluate_scores_the_ensemble_no_worse_than_the_worst_single_method(string name, RateHistory series)
    {
        var evaluation = RollingEvaluation.Evaluate(series, FiveMinutes, originEvery: 12, firstOrigin: 300);

        var worst = new[] { evaluation.SeasonalNaive, evaluation.HoltWinters, evaluation.Ridge }.Max();
        Assert.True(evaluation.Ensemble <= worst, $"{name}: ensemble {evaluation.Ensemble}, worst single method {worst}");
    }

    [Fact]
    public void Evaluate_forecasts_from_every_origin_step_after_the_first()
    {
        var series = DailySine(FiveMinutes, TimeSpan.FromDays(4), noise: 5);

        var evaluation = RollingEvaluation.Evaluate(series, FiveMinutes, originEvery: 10, firstOrigin: 600);

        // Origins 600, 610, …, up to the last whose target (origin + 1) is in the series: 1151 samples in all.
        Assert.Equal((series.Values.Count - 2 - 600) / 10 + 1, evaluation.Origins);
        Assert.Equal(288, evaluation.SeasonSteps);
    }

    [Fact]
    public void Evaluate_of_a_daily_sine_beats_the_naive_scale_by_far()
    {
        var series = DailySine(FiveMinutes, TimeSpan.FromDays(5), noise: 2);

        var evaluation = RollingEvaluation.Evaluate(series, FiveMinutes, originEvery: 12);

        // The scale is the seasonal-naive's one-step error, mostly noise: the ensemble, averaging noise away, beats it.
        Assert.InRange(evaluation.Ensemble, 0, 1);
        Assert.True(evaluation.Ensemble < evaluation.SeasonalNaive, $"ensemble {evaluation.Ensemble}, seasonal-naive {evaluation.SeasonalNaive}");
    }
}
