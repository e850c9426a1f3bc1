using MathNet.Numerics.Statistics;

namespace Smo.Solver.Forecasting;

/// <summary>
/// Forecasts a rate with seasonal-naive, Holt-Winters and an online ridge regression, and uses per series whichever
/// did best in a rolling back-test at the requested horizon over the recent history — or a combination of them when
/// that did better: weighted by inverse squared error, or stacked (an online regression on their forecasts); both
/// are reported as <see cref="ForecastMethods.Ensemble"/>. The upper forecast adds the back-test's
/// <see cref="EnsembleOptions.Quantile"/> of the chosen forecast's absolute errors. Pure and deterministic: the same
/// history and horizon give the same forecast.
/// </summary>
/// <remarks>
/// Needs at least <see cref="MinimumSamples"/> samples — <see cref="EnsembleOptions.MaxLags"/> + h +
/// <see cref="MinimumBackTestOrigins"/> − 1, h the horizon in steps (rounded up, at least 1): 31 with the defaults and
/// a two-step horizon — and at least half of them present; otherwise <see cref="Forecast"/> returns null. Missing samples are interpolated. A daily or weekly
/// season is used once the history holds two of them (<see cref="Seasonality"/>).
/// </remarks>
public sealed class EnsembleForecaster : IRateForecaster
{
    /// <summary>The fewest back-test origins a choice is made on: fewer would pick a method by luck.</summary>
    public const int MinimumBackTestOrigins = 24;

    /// <summary>The stacked combination's name inside the back-test; it is reported as <see cref="ForecastMethods.Ensemble"/>.</summary>
    private const string Stacked = "stacked";

    private readonly EnsembleOptions _options;

    public EnsembleForecaster(EnsembleOptions? options = null)
    {
        _options = options ?? new EnsembleOptions();
        var problems = _options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
    }

    /// <summary>The shortest history (in samples) that gets a forecast <paramref name="steps"/> ahead.</summary>
    public int MinimumSamples(int steps) => Math.Max(_options.MaxLags, 2) + steps + MinimumBackTestOrigins - 1;

    public RateForecast? Forecast(RateHistory history, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Step <= TimeSpan.Zero || history.Values.Count == 0)
        {
            return null;
        }

        var values = MissingSamples.Fill(history.Values, out var missing);
        var steps = Steps(horizon, history.Step, history.Values.Count);
        if (values is null || 2 * missing > values.Length || steps is null)
        {
            return null;
        }

        var outcome = Run(values, history.Step, steps.Value, Seasonality.Detect(values, history.Step));
        return outcome is null
            ? null
            : new RateForecast(outcome.Point, outcome.Upper, outcome.Method, history.End + history.Step * steps.Value, outcome.Season);
    }

    /// <summary>The horizon in steps, rounded up and at least 1; null when it reaches beyond the history's own length.</summary>
    internal static int? Steps(TimeSpan horizon, TimeSpan step, int length)
    {
        var steps = Math.Max(1, Math.Ceiling(horizon / step));
        return steps < length ? (int)steps : null;
    }

    /// <summary>The back-test and the forecast on a filled series; null when the back-test would be too short.</summary>
    internal EnsembleOutcome? Run(double[] values, TimeSpan step, int steps, int season)
    {
        // A season the history does not hold twice cannot be learnt by any of the methods.
        season = HoltWinters.UsableSeason(values.Length, season);
        var (centre, scale) = CentreAndScale(values);
        var ridge = new OnlineRidge(steps, season, _options.MaxLags, _options.RidgeLambda, _options.RidgeForgetting, centre, scale);
        var last = values.Length - 1;
        var lastTested = last - steps;
        var firstTested = Math.Max(
            Math.Max(SeasonalNaive.FirstOrigin(season, steps), ridge.FirstOrigin),
            Math.Max(season > 0 ? season : 1, lastTested - Math.Max(MinimumBackTestOrigins, Seasonality.StepsIn(_options.BackTestWindow, step)) + 1));
        if (lastTested - firstTested + 1 < MinimumBackTestOrigins)
        {
            return null;
        }

        var forecasts = new Dictionary<string, double[]>
        {
            [ForecastMethods.SeasonalNaive] = SeasonalNaiveFromEachOrigin(values, season, steps),
            [ForecastMethods.HoltWinters] = HoltWinters.FromEachOrigin(values, season, FitBefore(values, season, firstTested), steps),
            [ForecastMethods.Ridge] = ridge.FromEachOrigin(values),
        };
        var errors = forecasts.ToDictionary(f => f.Key, f => AbsoluteErrors(f.Value, values, firstTested, lastTested, steps));
        var weights = InverseErrorWeights(errors);
        errors[ForecastMethods.Ensemble] = AbsoluteErrors(Combine(forecasts, weights), values, firstTested, lastTested, steps);
        var stacked = Stack(forecasts, values, steps, centre, scale);
        errors[Stacked] = AbsoluteErrors(stacked, values, firstTested, lastTested, steps);

        // The lowest mean error wins; ties go to the simpler method (the dictionary's order), so a flat series stays seasonal-naive.
        var method = errors.MinBy(e => e.Value.Average()).Key;
        var point = method switch
        {
            ForecastMethods.Ensemble => weights.Sum(w => w.Value * forecasts[w.Key][last]),
            Stacked => stacked[last],
            _ => forecasts[method][last],
        };
        var margin = ArrayStatistics.QuantileInplace(errors[method], _options.Quantile);
        if (!double.IsFinite(point) || !double.IsFinite(margin))
        {
            return null;
        }

        point = Math.Max(0, point);
        return new EnsembleOutcome(
            point, point + Math.Max(0, margin), method == Stacked ? ForecastMethods.Ensemble : method, season,
            forecasts[ForecastMethods.SeasonalNaive][last], forecasts[ForecastMethods.HoltWinters][last], forecasts[ForecastMethods.Ridge][last]);
    }

    /// <summary>
    /// Holt-Winters' weights fitted on the history before the back-test when it holds two seasons, so the back-test
    /// scores weights that never saw the errors it measures (weights fitted on those errors look better than they
    /// forecast); on the whole history otherwise.
    /// </summary>
    private static HoltWintersParameters FitBefore(double[] values, int season, int firstTested) =>
        HoltWinters.UsableSeason(firstTested, season) == season && firstTested >= MinimumBackTestOrigins
            ? HoltWinters.Fit(values[..firstTested], season)
            : HoltWinters.Fit(values, season);

    private static double[] SeasonalNaiveFromEachOrigin(double[] values, int season, int steps)
    {
        var forecasts = new double[values.Length];
        Array.Fill(forecasts, double.NaN);
        for (var t = SeasonalNaive.FirstOrigin(season, steps); t < values.Length; t++)
        {
            forecasts[t] = values[SeasonalNaive.SourceIndex(t, season, steps)];
        }

        return forecasts;
    }

    private static double[] AbsoluteErrors(double[] forecasts, double[] values, int first, int last, int steps)
    {
        var errors = new double[last - first + 1];
        for (var t = first; t <= last; t++)
        {
            errors[t - first] = Math.Abs(forecasts[t] - values[t + steps]);
        }

        return errors;
    }

    /// <summary>
    /// Weights proportional to 1 / mean squared error, summing to 1 (squared, so a clearly worse method weighs little);
    /// all on a method that made no error at all.
    /// </summary>
    private static Dictionary<string, double> InverseErrorWeights(Dictionary<string, double[]> errors)
    {
        var means = errors.ToDictionary(e => e.Key, e => e.Value.Average(x => x * x));
        if (means.Values.Any(m => m <= 0))
        {
            var exact = means.First(m => m.Value <= 0).Key;
            return means.ToDictionary(m => m.Key, m => m.Key == exact ? 1.0 : 0.0);
        }

        var total = means.Values.Sum(m => 1 / m);
        return means.ToDictionary(m => m.Key, m => 1 / m.Value / total);
    }

    /// <summary>
    /// The methods' forecasts combined by an online regression on them (stacking): it learns, sample by sample, how
    /// much each method is worth on this series lately, which a fixed inverse-error weighting cannot.
    /// </summary>
    private double[] Stack(Dictionary<string, double[]> forecasts, double[] values, int steps, double centre, double scale)
    {
        var methods = forecasts.Values.ToArray();
        var regression = new RecursiveLeastSquares(1 + methods.Length, _options.RidgeLambda, _options.RidgeForgetting);
        var inputs = new double[1 + methods.Length];
        bool Describe(int origin)
        {
            inputs[0] = 1;
            for (var m = 0; m < methods.Length; m++)
            {
                inputs[1 + m] = (methods[m][origin] - centre) / scale;
            }

            return inputs.All(double.IsFinite);
        }

        var stacked = new double[values.Length];
        Array.Fill(stacked, double.NaN);
        for (var t = 0; t < values.Length; t++)
        {
            if (t >= steps && Describe(t - steps))
            {
                regression.Learn(inputs, (values[t] - centre) / scale);
            }

            if (Describe(t))
            {
                stacked[t] = centre + scale * regression.Predict(inputs);
            }
        }

        return stacked;
    }

    private static double[] Combine(Dictionary<string, double[]> forecasts, Dictionary<string, double> weights)
    {
        var combined = new double[forecasts.First().Value.Length];
        foreach (var (method, weight) in weights)
        {
            var forecast = forecasts[method];
            for (var t = 0; t < combined.Length; t++)
            {
                combined[t] += weight * forecast[t];
            }
        }

        return combined;
    }

    /// <summary>Mean and standard deviation; a flat series is scaled by its level (or 1) so the regression stays defined.</summary>
    private static (double Centre, double Scale) CentreAndScale(double[] values)
    {
        var (mean, deviation) = values.MeanStandardDeviation();
        var scale = deviation > 0 && double.IsFinite(deviation) ? deviation : Math.Max(Math.Abs(mean), 1);
        return (mean, scale);
    }
}

/// <summary>What the ensemble chose and what each method alone forecast at the same origin (for the rolling evaluation).</summary>
internal sealed record EnsembleOutcome(
    double Point, double Upper, string Method, int Season, double SeasonalNaive, double HoltWinters, double Ridge);
