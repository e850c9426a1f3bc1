namespace Smo.Adapters.Prometheus;

/// <summary>
/// What one range query may bring back, all its parts together: a huge answer (a mistyped query matching every
/// series of a large Prometheus) fails with a reason instead of filling the host's memory.
/// </summary>
internal sealed class RangeLimits(long maxSamples, int maxResponseBytes)
{
    private long _samples;

    public int ResponseBytes => maxResponseBytes;

    /// <exception cref="FormatException">The answers so far hold more than the samples allowed.</exception>
    public void Count(int samples)
    {
        _samples += samples;
        if (_samples > maxSamples)
        {
            throw new FormatException($"the answer holds more than {maxSamples} samples (Smo:Prometheus:MaxRangeSamples); ask for fewer series, a shorter range or a wider step");
        }
    }
}
