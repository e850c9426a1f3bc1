using System.Text.Json;
using k8s;

namespace Smo.Adapters.Karmada;

/// <summary>
/// What the cluster watch last knew of each member cluster and the resourceVersion to resume from: a list replaces it,
/// a watch event updates it, and each answers with the changes of availability it made (a cluster that joined or left,
/// or whose readiness flipped), so a list after a gap reports what the gap hid.
/// </summary>
internal sealed class ClusterCache(KarmadaOptions options)
{
    private readonly Dictionary<string, MemberCluster> _known = new(StringComparer.Ordinal);

    /// <summary>Where the next watch starts; null when the next step must be a list.</summary>
    public string? ResourceVersion { get; set; }

    public IReadOnlyList<ClusterChange> Listed(IReadOnlyList<MemberCluster> members, string? resourceVersion, DateTimeOffset seenAt)
    {
        var changes = new List<ClusterChange>();
        var listed = members.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var (name, gone) in _known.Where(k => !listed.ContainsKey(k.Key)).ToList())
        {
            _known.Remove(name);
            changes.Add(new ClusterChange(name, gone, null, seenAt));
        }

        foreach (var member in members)
        {
            if (Update(member, seenAt) is { } change)
            {
                changes.Add(change);
            }
        }

        ResourceVersion = resourceVersion;
        return changes;
    }

    /// <summary>Applies one watch event; the change it makes, if any.</summary>
    /// <exception cref="FormatException">The object is malformed; the message names the cluster and field.</exception>
    public ClusterChange? Apply(WatchEventType type, JsonElement item, DateTimeOffset seenAt)
    {
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("resourceVersion", out var version) && version.ValueKind == JsonValueKind.String)
        {
            ResourceVersion = version.GetString();
        }

        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                return Update(ClusterObjectReader.Read(item, options), seenAt);
            case WatchEventType.Deleted:
                var member = ClusterObjectReader.Read(item, options);
                return _known.Remove(member.Name, out var gone) ? new ClusterChange(member.Name, gone, null, seenAt) : null;
            default:
                // A BOOKMARK only moves the resourceVersion on.
                return null;
        }
    }

    private ClusterChange? Update(MemberCluster member, DateTimeOffset seenAt)
    {
        var before = _known.GetValueOrDefault(member.Name);
        _known[member.Name] = member;
        return before is not null && before.Ready == member.Ready ? null : new ClusterChange(member.Name, before, member, seenAt);
    }
}
