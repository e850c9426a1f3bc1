namespace Smo.Simulator.Kubernetes.Watching;

/// <summary>
/// Bounds the watches open at once, as the apiserver's in-flight limits bound long-running requests: each holds a
/// connection and wakes on every write, so a client that leaks watches gets 429 instead of starving the twin.
/// </summary>
public sealed class WatchSlots(int limit = WatchSlots.DefaultLimit)
{
    public const int DefaultLimit = 100;

    private int _open;

    public bool TryTake()
    {
        if (Interlocked.Increment(ref _open) <= limit)
        {
            return true;
        }
        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _open);
}
