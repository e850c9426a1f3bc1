using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Smo.Solver.Forecasting;

/// <summary>The smoothing weights of additive Holt-Winters, each in (0, 1); Gamma is unused without a season.</summary>
public sealed record HoltWintersParameters(double Alpha, double Beta, double Gamma);

/// <summary>
/// Additive Holt-Winters (level, trend, season), its weights fitted on the history by one-step squared error; Holt
/// (level and trend) when there is no season or fewer than two seasons of history.
/// </summary>
public static class HoltWinters
{
    /// <summary>Nelder-Mead stops after this many evaluations of the one-step error (each is one pass over the history).</summary>
    private const int MaximumEvaluations = 300;

    /// <summary>Relative change of the error under which Nelder-Mead has converged: the third digit does not change a forecast.</summary>
    private const double ConvergenceTolerance = 1e-4;

    /// <summary>
    /// The fit sees the last two seasons, and at least this many samples: the weights describe how the series behaves
    /// lately, and fitting costs the same on a month of history as on a week.
    /// </summary>
    private const int MinimumFitSamples = 2000;

    /// <summary>Where the search starts: a moderately reactive level, a slow trend and season (logits of 0.3, 0.02, 0.2).</summary>
    private static readonly double[] StartingLogits = [Logit(0.3), Logit(0.02), Logit(0.2)];

    /// <summary>The forecast <paramref name="steps"/> after the last value, with weights fitted on the values.</summary>
    public static double Forecast(IReadOnlyList<double> values, int season, int steps)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Count, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var series = values.ToArray();
        season = UsableSeason(series.Length, season);
        var forecasts = FromEachOrigin(series, season, Fit(series, season), steps);
        return forecasts[^1];
    }

    /// <summary>The weights that minimise the one-step squared error over the last values (two seasons, at least 2,000).</summary>
    public static HoltWintersParameters Fit(IReadOnlyList<double> values, int season)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Count, 3);
        season = UsableSeason(values.Count, season);
        var fitted = Math.Min(values.Count, Math.Max(2 * season, MinimumFitSamples));
        var series = values.Skip(values.Count - fitted).ToArray();
        var dimensions = season > 0 ? 3 : 2;

        // Logits keep every weight inside (0, 1) for an unconstrained search; the best point seen is kept because
        // Nelder-Mead reports running out of evaluations by throwing, not by returning where it got to.
        var best = (Error: double.PositiveInfinity, Logits: StartingLogits[..dimensions]);
        var objective = ObjectiveFunction.Value(logits =>
        {
            var error = OneStepSquaredError(series, season, FromLogits(logits));
            if (error < best.Error)
            {
                best = (error, logits.ToArray());
            }

            return error;
        });
        try
        {
            NelderMeadSimplex.Minimum(objective, Vector<double>.Build.DenseOfArray(StartingLogits[..dimensions]), ConvergenceTolerance, MaximumEvaluations);
        }
        catch (MaximumIterationsException)
        {
        }

        return FromLogits(Vector<double>.Build.DenseOfArray(best.Logits));
    }

    /// <summary>The season when the values hold two full ones (one to start the seasonal terms, one to learn), else 0.</summary>
    internal static int UsableSeason(int length, int season) => season > 1 && length >= 2 * season ? season : 0;

    /// <summary>
    /// Element t is the forecast made after value t for value t + <paramref name="steps"/>; NaN before the model has
    /// started (the first season, or the first sample without a season). One pass: the back-test costs no more
    /// than the forecast.
    /// </summary>
    internal static double[] FromEachOrigin(double[] values, int season, HoltWintersParameters weights, int steps)
    {
        var forecasts = new double[values.Length];
        Array.Fill(forecasts, double.NaN);
        var state = State.Start(values, season);
        for (var t = state.FirstUpdate; t < values.Length; t++)
        {
            state.Update(values[t], t, weights);
            forecasts[t] = state.Forecast(t, steps);
        }

        return forecasts;
    }

    /// <summary>
    /// The sum of squared one-step errors; the inner loop of the fit, so written flat (no modulo, no calls): the fit
    /// runs it a few hundred times.
    /// </summary>
    private static double OneStepSquaredError(double[] values, int season, HoltWintersParameters weights)
    {
        var (alpha, beta, gamma) = (weights.Alpha, weights.Beta, weights.Gamma);
        var state = State.Start(values, season);
        var (level, trend, seasonal) = (state.Level, state.Trend, state.Seasonal.ToArray());
        var sum = 0.0;
        var phase = 0;
        for (var t = state.FirstUpdate; t < values.Length; t++)
        {
            var value = values[t];
            var term = seasonal[phase];
            var error = value - (level + trend + term);
            sum += error * error;
            var previousLevel = level;
            level = alpha * (value - term) + (1 - alpha) * (level + trend);
            trend = beta * (level - previousLevel) + (1 - beta) * trend;
            if (season > 0)
            {
                seasonal[phase] = gamma * (value - level) + (1 - gamma) * term;
                phase = phase + 1 == season ? 0 : phase + 1;
            }
        }

        return double.IsFinite(sum) ? sum : double.MaxValue;
    }

    private static HoltWintersParameters FromLogits(Vector<double> logits) =>
        new(Logistic(logits[0]), Logistic(logits[1]), logits.Count > 2 ? Logistic(logits[2]) : 0);

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));

    /// <summary>Level, trend and the seasonal terms (indexed by time modulo the season).</summary>
    private sealed class State(int season, double level, double trend, double[] seasonal, int firstUpdate)
    {
        public int FirstUpdate => firstUpdate;

        public double Level => level;

        public double Trend => trend;

        public IReadOnlyList<double> Seasonal => seasonal;

        /// <summary>
        /// The classic start: level the first season's mean, trend the change of the mean from the first season to the
        /// second per step, seasonal terms the first season less its mean; without a season, the first sample and no trend.
        /// </summary>
        public static State Start(double[] values, int season)
        {
            if (season == 0)
            {
                return new State(0, values[0], 0, [0], 1);
            }

            var first = Mean(values, 0, season);
            var second = Mean(values, season, season);
            var trend = (second - first) / season;
            var middle = (season - 1) / 2.0;
            var seasonal = new double[season];
            for (var i = 0; i < season; i++)
            {
                seasonal[i] = values[i] - first - trend * (i - middle);
            }

            // The mean sits in the middle of the first season; the level is moved to its end, where the updates start.
            return new State(season, first + trend * middle, trend, seasonal, season);
        }

        public double Forecast(int origin, int steps) =>
            level + steps * trend + (season == 0 ? 0 : seasonal[(origin + steps) % season]);

        public void Update(double value, int t, HoltWintersParameters weights)
        {
            var phase = season == 0 ? 0 : t % season;
            var previousLevel = level;
            level = weights.Alpha * (value - seasonal[phase]) + (1 - weights.Alpha) * (level + trend);
            trend = weights.Beta * (level - previousLevel) + (1 - weights.Beta) * trend;
            if (season > 0)
            {
                seasonal[phase] = weights.Gamma * (value - level) + (1 - weights.Gamma) * seasonal[phase];
            }
        }

        private static double Mean(double[] values, int start, int count)
        {
            var sum = 0.0;
            for (var i = start; i < start + count; i++)
            {
                sum += values[i];
            }

            return sum / count;
        }
    }
}
