namespace Smo.Simulator.Series;

/// <summary>
/// Samples replayed sample-and-hold (a bucketed count holds for its whole bucket), looping from the start once the
/// samples run out so a short trace can drive a long run.
/// </summary>
public sealed class SampledSeries : ISeries
{
    private readonly TimeSpan[] _offsets;
    private readonly double[] _values;
    private readonly TimeSpan _length;
    private readonly string _origin;
    private readonly TimeSpan _start;

    /// <param name="samples">Offsets from the first sample, ascending, the first at zero.</param>
    /// <param name="step">How long the last sample holds before the loop restarts.</param>
    /// <param name="start">Where in the samples simulated time zero falls.</param>
    public SampledSeries(IReadOnlyList<(TimeSpan Offset, double Value)> samples, TimeSpan step, TimeSpan start, string origin)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("a sampled series needs at least one sample", nameof(samples));
        }
        _offsets = samples.Select(s => s.Offset).ToArray();
        _values = samples.Select(s => s.Value).ToArray();
        _length = _offsets[^1] + step;
        _origin = origin;
        _start = start;
    }

    public int Count => _values.Length;

    public double Peak => _values.Max();

    public double ValueAt(TimeSpan elapsed)
    {
        var ticks = (elapsed + _start).Ticks;
        var position = TimeSpan.FromTicks(((ticks % _length.Ticks) + _length.Ticks) % _length.Ticks);
        var index = Array.BinarySearch(_offsets, position);
        return _values[index >= 0 ? index : Math.Max(0, ~index - 1)];
    }

    public string Describe() => $"{_origin} ({Count} samples, loops every {_length})";
}
