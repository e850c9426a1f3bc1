namespace Smo.Adapters.Karmada;

/// <summary>
/// The wait between failures in a row: <paramref name="first"/>, doubled with each failure up to <paramref name="max"/>,
/// each wait between half and all of it (jitter, so hosts that lost the same server do not come back in step).
/// </summary>
internal sealed class RetryDelay(TimeSpan first, TimeSpan max)
{
    /// <summary>Failures since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>The longest the next wait can be.</summary>
    public TimeSpan Next => TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(Failures, 30))));

    public async Task WaitAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = Next * (0.5 + (Random.Shared.NextDouble() / 2));
        Failures++;
        await Task.Delay(wait, time, cancellationToken);
    }

    public void Reset() => Failures = 0;
}
