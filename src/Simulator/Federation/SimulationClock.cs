namespace Smo.Simulator.Federation;

/// <summary>
/// Simulated time: real time since start plus whatever was advanced by hand, or (manual clock) only the latter,
/// so tests can step the federation deterministically.
/// </summary>
public sealed class SimulationClock
{
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly bool _manual;
    private long _advancedTicks;

    public SimulationClock(TimeProvider time, bool manual, DateTimeOffset? start)
    {
        _time = time;
        _manual = manual;
        _startTimestamp = time.GetTimestamp();
        StartedAt = start ?? time.GetUtcNow();
    }

    /// <summary>Wall-clock time of simulated time zero.</summary>
    public DateTimeOffset StartedAt { get; }

    public bool Manual => _manual;

    public TimeSpan Elapsed =>
        (_manual ? TimeSpan.Zero : _time.GetElapsedTime(_startTimestamp)) + TimeSpan.FromTicks(Interlocked.Read(ref _advancedTicks));

    public DateTimeOffset Now => StartedAt + Elapsed;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _advancedTicks, by.Ticks);
    }
}
