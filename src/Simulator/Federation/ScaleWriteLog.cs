namespace Smo.Simulator.Federation;

/// <summary>One write through a Deployment's scale subresource, as the twin served it.</summary>
/// <param name="At">Simulated time of the write (wall-clock time with the real clock), for latency measurements.</param>
public sealed record ScaleWrite(string Namespace, string Deployment, long PreviousReplicas, long Replicas, DateTimeOffset At);

/// <summary>
/// The latest scale-subresource writes, oldest first: what an autoscaler asked for and when it arrived, so a
/// benchmark can time a load step to the scale call without trusting the autoscaler's own clock. Bounded, because
/// a twin may run for days.
/// </summary>
public sealed class ScaleWriteLog
{
    public const int Capacity = 10_000;

    private readonly Queue<ScaleWrite> _writes = new();

    public IReadOnlyList<ScaleWrite> All => _writes.ToList();

    public void Add(ScaleWrite write)
    {
        if (_writes.Count == Capacity)
        {
            _writes.Dequeue();
        }
        _writes.Enqueue(write);
    }
}
