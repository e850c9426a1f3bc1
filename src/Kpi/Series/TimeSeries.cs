namespace Smo.Kpi.Series;

/// <summary>
/// An evenly spaced series held between samples: value i holds from <c>Start + i·Step</c> until the next; past the
/// end it starts again from the beginning (as the simulator loops its traces), before the start it holds the first
/// value. Times are seconds on the replay's own axis. Means over any interval are exact and O(1) (prefix integral).
/// </summary>
public sealed class TimeSeries
{
    private readonly double[] _values;
    private readonly double[] _integral;

    public TimeSeries(double start, double step, IReadOnlyList<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        if (values.Any(v => !double.IsFinite(v) || v < 0))
        {
            throw new ArgumentException("A series holds finite values of zero or more.", nameof(values));
        }

        Start = start;
        Step = step;
        _values = [.. values];
        _integral = new double[_values.Length + 1];
        for (var i = 0; i < _values.Length; i++)
        {
            _integral[i + 1] = _integral[i] + (_values[i] * step);
        }
    }

    public double Start { get; }

    public double Step { get; }

    public IReadOnlyList<double> Values => _values;

    /// <summary>The time the last value stops holding (the series loops from there).</summary>
    public double End => Start + (Step * _values.Length);

    public double Max => _values.Max();

    public double ValueAt(double time) => _values[Index(time)];

    /// <summary>The mean over [<paramref name="from"/>, <paramref name="to"/>); the value at <paramref name="from"/> when they are equal.</summary>
    public double MeanOver(double from, double to) =>
        to <= from ? ValueAt(from) : (Integral(to) - Integral(from)) / (to - from);

    /// <summary>The same shape scaled so its largest value is <paramref name="peak"/>.</summary>
    public TimeSeries ScaledToPeak(double peak)
    {
        var max = Max;
        return new TimeSeries(Start, Step, max > 0 ? [.. _values.Select(v => v * peak / max)] : _values);
    }

    /// <summary>The series moved along the time axis: what held at t now holds at t + <paramref name="offset"/>.</summary>
    public TimeSeries Shifted(double offset) => new(Start + offset, Step, _values);

    private int Index(double time)
    {
        if (time < Start)
        {
            return 0;
        }

        var i = (long)Math.Floor((time - Start) / Step);
        return (int)(i % _values.Length);
    }

    /// <summary>∫ from Start to <paramref name="time"/>, counting the first value before Start and whole loops after End.</summary>
    private double Integral(double time)
    {
        if (time < Start)
        {
            return (time - Start) * _values[0];
        }

        var period = End - Start;
        var loops = Math.Floor((time - Start) / period);
        var within = time - Start - (loops * period);
        var i = Math.Min(_values.Length - 1, (int)Math.Floor(within / Step));
        return (loops * _integral[^1]) + _integral[i] + ((within - (i * Step)) * _values[i]);
    }
}
