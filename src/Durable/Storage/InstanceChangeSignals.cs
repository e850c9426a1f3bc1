using System.Collections.Concurrent;

namespace Smo.Durable.Storage;

/// <summary>Per-instance wake-ups for clients waiting on a status change.</summary>
internal sealed class InstanceChangeSignals
{
    private readonly ConcurrentDictionary<string, AsyncSignal> _signals = new(StringComparer.Ordinal);

    public void Notify(string instanceId)
    {
        if (_signals.TryGetValue(instanceId, out var signal))
        {
            signal.Set();
        }
    }

    public async Task WaitAsync(string instanceId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var signal = _signals.GetOrAdd(instanceId, _ => new AsyncSignal());
        try
        {
            await AsyncSignal.WaitAsync(signal.Current, maxWait, cancellationToken);
        }
        finally
        {
            _signals.TryRemove(instanceId, out _);
        }
    }
}
