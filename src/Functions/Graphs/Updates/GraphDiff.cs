namespace Smo.Functions.Graphs.Updates;

/// <summary>One part of a service or of the graph that changed, and how (<see cref="DescriptorDiff"/>).</summary>
/// <param name="Field">The part: <c>chart</c>, <c>values</c>, <c>trigger</c>, <c>intent.compute</c>, <c>scaling</c>, <c>placementStrategy</c>...</param>
/// <param name="Detail">Its changed leaves, <c>path: old → new</c>; Helm values by path only (they may hold secrets).</param>
public sealed record FieldChange(string Field, string Detail);

/// <summary>A service both versions have, and what changed in it.</summary>
/// <param name="Upgrade">Whether its release must be upgraded (its chart, values or connection points changed); the rest is stored only.</param>
public sealed record ServiceChange(string Service, bool Upgrade, IReadOnlyList<FieldChange> Changes);

/// <summary>What a new descriptor changes in a graph: services added, removed, changed (and how), unchanged, and the graph's own fields.</summary>
public sealed record GraphDiff(
    IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<ServiceChange> Changed, IReadOnlyList<string> Unchanged,
    IReadOnlyList<FieldChange> Graph)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && Graph.Count == 0;

    /// <summary>One line: what is added, removed and changed (by part), or that nothing is.</summary>
    public string Summary()
    {
        if (IsEmpty)
        {
            return "No changes.";
        }

        var parts = new List<string>();
        if (Added.Count > 0)
        {
            parts.Add($"added {string.Join(", ", Added)}");
        }

        if (Removed.Count > 0)
        {
            parts.Add($"removed {string.Join(", ", Removed)}");
        }

        if (Changed.Count > 0)
        {
            parts.Add($"changed {string.Join(", ", Changed.Select(c => $"{c.Service} ({string.Join(", ", c.Changes.Select(f => f.Field))})"))}");
        }

        if (Graph.Count > 0)
        {
            parts.Add($"graph: {string.Join(", ", Graph.Select(f => f.Field))}");
        }

        var text = string.Join("; ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }
}
