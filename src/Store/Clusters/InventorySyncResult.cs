namespace Smo.Store.Clusters;

/// <summary>What an inventory sync changed, by cluster name, so callers re-place only when the federation really moved.</summary>
/// <param name="Added">New clusters, and clusters back after being marked removed.</param>
/// <param name="Updated">Members whose capacity, readiness, capabilities, location, labels or links changed.</param>
/// <param name="Removed">Members missing from this sync, now marked removed.</param>
/// <param name="Unchanged">Members reported exactly as stored.</param>
public sealed record InventorySyncResult(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Unchanged)
{
    public bool HasChanges => Added.Count + Updated.Count + Removed.Count > 0;
}
