namespace Smo.Simulator.Kubernetes.Watching;

/// <summary>
/// The store's recent writes, oldest first, bounded as the apiserver's watch cache is: a watch may resume from any
/// resourceVersion since the oldest change kept, and gets 410 Expired before that. Not thread-safe: the federation's
/// lock guards it, like the store. Watchers wait on <see cref="NextChange"/>, which completes at the next append.
/// </summary>
public sealed class ChangeLog(long startVersion, int capacity = ChangeLog.DefaultCapacity)
{
    /// <summary>Enough for minutes of a small federation's writes; each entry shares the stored object, so it costs no copy.</summary>
    public const int DefaultCapacity = 10_000;

    // Kept from _first on; the evicted prefix is dropped in one go once it is as long as the capacity.
    private readonly List<StoredChange> _changes = [];
    private int _first;
    private TaskCompletionSource _next = NewSignal();

    /// <summary>The newest resourceVersion no longer kept: a watch from it or later still sees every change after it.</summary>
    public long ExpiredThrough { get; private set; } = startVersion;

    /// <summary>True once the simulation was reset: the store is gone and its watchers must end.</summary>
    public bool Closed { get; private set; }

    /// <summary>Completes at the next <see cref="Append"/> or <see cref="Close"/>; take it under the lock, await it outside.</summary>
    public Task NextChange => _next.Task;

    public void Append(StoredChange change)
    {
        _changes.Add(change);
        if (_changes.Count - _first > capacity)
        {
            ExpiredThrough = _changes[_first++].ResourceVersion;
        }
        if (_first >= capacity)
        {
            _changes.RemoveRange(0, _first);
            _first = 0;
        }
        Signal();
    }

    public void Close()
    {
        Closed = true;
        Signal();
    }

    /// <summary>The changes after <paramref name="resourceVersion"/>; false when some of them are no longer kept.</summary>
    public bool TryReadAfter(long resourceVersion, out IReadOnlyList<StoredChange> changes)
    {
        if (resourceVersion < ExpiredThrough)
        {
            changes = [];
            return false;
        }
        // resourceVersions grow with every write: binary search for the first change after the one asked for.
        int low = _first, high = _changes.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_changes[middle].ResourceVersion <= resourceVersion)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        changes = _changes.GetRange(low, _changes.Count - low);
        return true;
    }

    private void Signal()
    {
        var current = _next;
        _next = NewSignal();
        current.SetResult();
    }

    // Continuations run on the thread pool, never inline under the federation lock of the writer that signalled.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
