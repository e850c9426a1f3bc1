namespace Smo.Durable.Storage;

/// <summary>Per-instance wake-ups for clients waiting on a status change; shared by all waiters on one instance.</summary>
internal sealed class InstanceChangeSignals
{
    private readonly Dictionary<string, (AsyncSignal Signal, int Waiters)> _signals = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Notify(string instanceId)
    {
        lock (_gate)
        {
            if (_signals.TryGetValue(instanceId, out var entry))
            {
                entry.Signal.Set();
            }
        }
    }

    public async Task WaitAsync(string instanceId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_gate)
        {
            var entry = _signals.TryGetValue(instanceId, out var existing) ? existing : (Signal: new AsyncSignal(), Waiters: 0);
            _signals[instanceId] = (entry.Signal, entry.Waiters + 1);
            signalled = entry.Signal.Current;
        }

        try
        {
            await AsyncSignal.WaitAsync(signalled, maxWait, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                var entry = _signals[instanceId];
                if (entry.Waiters == 1)
                {
                    _signals.Remove(instanceId);
                }
                else
                {
                    _signals[instanceId] = (entry.Signal, entry.Waiters - 1);
                }
            }
        }
    }
}
