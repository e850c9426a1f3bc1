using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes.Watching;

/// <summary>
/// One write to the object store, as the watch cache keeps it: the stored object after the write (for a deletion, its
/// last state stamped with the deletion's resourceVersion) and the one before, both shared, never modified.
/// </summary>
/// <param name="Previous">The object before the write; null for a creation. Lets a filtered watch turn a change that
/// makes an object stop (start) matching into DELETED (ADDED), as the apiserver does.</param>
public sealed record StoredChange(long ResourceVersion, ResourceDefinition Type, ChangeKind Kind, JsonObject Object, JsonObject? Previous);

/// <summary>What a write did to an object: a watch event type before selectors are applied.</summary>
public enum ChangeKind
{
    Added,
    Modified,
    Deleted,
}
