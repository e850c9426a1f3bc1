namespace Smo.Store.Graphs;

/// <summary>The outcome of a guarded status change.</summary>
/// <param name="Applied">The graph was in an expected status and now has the new one.</param>
/// <param name="Status">The graph's status after the call; null when there is no such graph.</param>
/// <param name="Version">The graph's row version after the call; null when there is no such graph.</param>
public sealed record GraphStatusUpdate(bool Applied, GraphStatus? Status, long? Version)
{
    public bool GraphExists => Status is not null;
}
