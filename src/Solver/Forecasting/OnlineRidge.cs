namespace Smo.Solver.Forecasting;

/// <summary>
/// A linear forecast of the rate <c>steps</c> ahead from the recent lags, the seasonal lag of the target with its
/// two neighbours, and the value one season before the origin; fitted by recursive least squares with a ridge prior
/// and exponential forgetting, one sample at a time, so keeping it current costs one small update per sample.
/// </summary>
/// <remarks>
/// Values are standardised by the centre and scale given at construction, so the ridge weight means the same on a
/// series of 0.01 and one of 20,000.
/// </remarks>
public sealed class OnlineRidge
{
    private readonly int _steps;
    private readonly int _season;
    private readonly int _lags;
    private readonly double _centre;
    private readonly double _scale;
    private readonly double[] _features;
    private readonly RecursiveLeastSquares _regression;

    /// <param name="steps">How far ahead it forecasts, in samples (at least 1).</param>
    /// <param name="season">The season in samples, 0 for none.</param>
    /// <param name="lags">How many recent samples it reads (at least 1).</param>
    /// <param name="lambda">The ridge prior: larger keeps the weights nearer zero until the data outweigh it.</param>
    /// <param name="forgetting">Weight of the past per sample, in (0, 1]: 1 remembers everything.</param>
    /// <param name="centre">Subtracted from every value before it is used.</param>
    /// <param name="scale">Every centred value is divided by it (positive).</param>
    public OnlineRidge(int steps, int season, int lags, double lambda, double forgetting, double centre, double scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(season);
        ArgumentOutOfRangeException.ThrowIfLessThan(lags, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        if (!(forgetting > 0 && forgetting <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(forgetting), forgetting, "must be in (0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _steps = steps;
        _season = season > 1 ? season : 0;
        _lags = lags;
        _centre = centre;
        _scale = scale;
        _features = new double[1 + lags + (_season > 0 ? 4 : 0)];
        _regression = new RecursiveLeastSquares(_features.Length, lambda, forgetting);
    }

    /// <summary>The first origin whose features all lie inside the series.</summary>
    public int FirstOrigin
    {
        get
        {
            var first = _lags - 1;
            if (_season > 0)
            {
                first = Math.Max(first, _season);
                first = Math.Max(first, SeasonsBack * _season + 1 - _steps);
            }

            return first;
        }
    }

    /// <summary>Seasons back from the target for its seasonal lag, so that lag and its later neighbour are known at the origin.</summary>
    private int SeasonsBack => (_steps + 1 + _season - 1) / _season;

    /// <summary>The forecast made at <paramref name="origin"/> (an index of <paramref name="values"/>) for origin + steps.</summary>
    public double Predict(ReadOnlySpan<double> values, int origin)
    {
        Describe(values, origin);
        return _centre + _scale * _regression.Predict(_features);
    }

    /// <summary>Learns from the forecast made at <paramref name="origin"/>: its target, origin + steps, must be in <paramref name="values"/>.</summary>
    public void Learn(ReadOnlySpan<double> values, int origin)
    {
        Describe(values, origin);
        _regression.Learn(_features, Standardise(values[origin + _steps]));
    }

    /// <summary>
    /// Element t is the forecast made at t for t + steps, each made before the model learnt anything at or after
    /// t + 1 (an honest back-test in one pass); NaN before <see cref="FirstOrigin"/>.
    /// </summary>
    internal double[] FromEachOrigin(double[] values)
    {
        var forecasts = new double[values.Length];
        Array.Fill(forecasts, double.NaN);
        for (var t = FirstOrigin; t < values.Length; t++)
        {
            var learnable = t - _steps;
            if (learnable >= FirstOrigin)
            {
                Learn(values, learnable);
            }

            forecasts[t] = Predict(values, t);
        }

        return forecasts;
    }

    private void Describe(ReadOnlySpan<double> values, int origin)
    {
        _features[0] = 1;
        for (var lag = 0; lag < _lags; lag++)
        {
            _features[1 + lag] = Standardise(values[origin - lag]);
        }

        if (_season > 0)
        {
            var seasonal = origin + _steps - SeasonsBack * _season;
            _features[1 + _lags] = Standardise(values[seasonal - 1]);
            _features[2 + _lags] = Standardise(values[seasonal]);
            _features[3 + _lags] = Standardise(values[seasonal + 1]);
            _features[4 + _lags] = Standardise(values[origin - _season]);
        }
    }

    private double Standardise(double value) => (value - _centre) / _scale;
}
