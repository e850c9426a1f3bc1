namespace Smo.Store;

/// <summary>
/// A graph changed between the caller's read and its write: the row version it expected is no longer current.
/// Re-read the graph and decide again; retrying the same write would overwrite someone else's change.
/// </summary>
public sealed class ConcurrencyConflictException(string graph, long expectedVersion, long currentVersion)
    : Exception($"Graph '{graph}' was changed concurrently: expected row version {expectedVersion}, but it is now {currentVersion}. Re-read it and try again.")
{
    public string Graph { get; } = graph;

    public long ExpectedVersion { get; } = expectedVersion;

    public long CurrentVersion { get; } = currentVersion;
}
