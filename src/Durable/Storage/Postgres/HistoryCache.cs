using System.Collections.Concurrent;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Histories this host wrote last, keyed by instance. History is append-only within an execution, so an entry whose
/// execution id and length match the instance row is exactly what the database holds.
/// </summary>
internal sealed class HistoryCache(int capacity)
{
    private readonly ConcurrentDictionary<string, (string ExecutionId, IReadOnlyList<HistoryRecord> History)> _entries = new(StringComparer.Ordinal);

    public IReadOnlyList<HistoryRecord>? TryGet(string instanceId, string executionId, int count) =>
        _entries.TryGetValue(instanceId, out var entry) && entry.ExecutionId == executionId && entry.History.Count == count
            ? entry.History
            : null;

    public void Put(string instanceId, string executionId, IReadOnlyList<HistoryRecord> history)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear(); // crude but bounded; a miss only costs one history read
        }

        _entries[instanceId] = (executionId, history);
    }

    public void Remove(string instanceId) => _entries.TryRemove(instanceId, out _);
}
