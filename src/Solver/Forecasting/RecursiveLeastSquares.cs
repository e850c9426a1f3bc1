namespace Smo.Solver.Forecasting;

/// <summary>
/// Linear least squares learnt one sample at a time, with a ridge prior (the weights start at zero with precision
/// lambda) and exponential forgetting of old samples.
/// </summary>
/// <remarks>
/// Each sample is a rank-one change of a matrix of n² numbers, written in place: a general matrix library would
/// allocate on every sample, and this runs ten thousand times per forecast.
/// </remarks>
internal sealed class RecursiveLeastSquares
{
    private readonly double _forgetting;
    private readonly double[] _weights;
    private readonly double[,] _inverse;
    private readonly double[] _gain;

    public RecursiveLeastSquares(int inputs, double lambda, double forgetting)
    {
        _forgetting = forgetting;
        _weights = new double[inputs];
        _gain = new double[inputs];
        _inverse = new double[inputs, inputs];
        for (var i = 0; i < inputs; i++)
        {
            _inverse[i, i] = 1 / lambda;
        }
    }

    public double Predict(ReadOnlySpan<double> inputs)
    {
        var sum = 0.0;
        for (var i = 0; i < _weights.Length; i++)
        {
            sum += _weights[i] * inputs[i];
        }

        return sum;
    }

    /// <summary>gain = P x / (forgetting + xᵀ P x); w += gain · error; P = (P − gain (P x)ᵀ) / forgetting.</summary>
    public void Learn(ReadOnlySpan<double> inputs, double target)
    {
        var count = _weights.Length;
        var denominator = _forgetting;
        for (var i = 0; i < count; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < count; j++)
            {
                sum += _inverse[i, j] * inputs[j];
            }

            _gain[i] = sum;
            denominator += inputs[i] * sum;
        }

        var error = target - Predict(inputs);
        for (var i = 0; i < count; i++)
        {
            _weights[i] += _gain[i] / denominator * error;
        }

        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                _inverse[i, j] = (_inverse[i, j] - _gain[i] * _gain[j] / denominator) / _forgetting;
            }
        }
    }
}
