namespace Smo.Durable.Replay;

/// <summary>
/// Runs an orchestrator's continuations one at a time on the thread that replays it, so an episode is a pure
/// function of its history: no thread pool, no interleaving.
/// </summary>
internal sealed class EpisodeSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _work = new();
    private readonly Lock _gate = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            _work.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs queued continuations until nothing is runnable.</summary>
    public void RunUntilIdle()
    {
        while (TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }

    private bool TryDequeue(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (_gate)
        {
            return _work.TryDequeue(out item);
        }
    }
}
