using System.Globalization;
using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes.Watching;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// The simulated etcd: objects by type, namespace and name, one global resourceVersion counter bumped on every
/// write, generation bumped on spec changes. Not thread-safe: the federation's lock guards it.
/// Objects are kept by type, then namespace, then name, both sorted as the apiserver lists them: a list of one
/// namespace (hundreds a second at fleet scale) costs what it returns, not a pass over every object stored.
/// </summary>
/// <param name="stored">Told of every object after it is stored; it gets the stored instance, to copy before keeping.</param>
/// <param name="deleted">Told of every object removed, with its last state (what a watch's DELETED event carries).</param>
public sealed class ObjectStore(Func<DateTimeOffset> now, Action<ResourceDefinition, JsonObject>? stored = null, Action<ResourceDefinition, JsonObject>? deleted = null)
{
    private readonly Dictionary<ResourceDefinition, SortedDictionary<string, SortedDictionary<string, JsonObject>>> _objects = [];
    private readonly Dictionary<ResourceDefinition, HashSet<(string Namespace, string Name)>> _changed = [];
    private const long FirstVersion = 1000;
    private long _resourceVersion = FirstVersion;

    /// <summary>Every write and deletion in resourceVersion order, bounded: what watches are served from.</summary>
    public ChangeLog History { get; } = new(FirstVersion);

    public long CurrentVersionNumber => _resourceVersion;

    public string CurrentVersion => _resourceVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The objects of <paramref name="type"/> written or deleted since the last call (each once), and forgets them:
    /// a controller that takes them after every write works on what changed, not on every object.
    /// </summary>
    public IReadOnlyCollection<(string Namespace, string Name)> TakeChanges(ResourceDefinition type) =>
        _changed.Remove(type, out var changed) ? changed : [];

    /// <summary>
    /// The stored object itself, not a copy: for the twin's controllers, which read many objects on every step and
    /// must not pay a deep copy each. Callers must not modify it (write through <see cref="Update"/>).
    /// </summary>
    public JsonObject? Peek(ResourceDefinition type, string? ns, string name) =>
        Namespace(type, ns ?? "") is { } objects && objects.TryGetValue(name, out var stored) ? stored : null;

    public JsonObject? Get(ResourceDefinition type, string? ns, string name) =>
        Peek(type, ns, name) is { } stored ? (JsonObject)stored.DeepClone() : null;

    public bool Exists(ResourceDefinition type, string? ns, string name) => Peek(type, ns, name) is not null;

    /// <summary>Copies of the objects of <paramref name="type"/> (in <paramref name="ns"/>, or in all), by namespace and name.</summary>
    public IReadOnlyList<JsonObject> List(ResourceDefinition type, string? ns = null)
    {
        if (!_objects.TryGetValue(type, out var namespaces))
        {
            return [];
        }

        IEnumerable<SortedDictionary<string, JsonObject>> listed = ns is null ? namespaces.Values : Namespace(type, ns) is { } one ? [one] : [];
        return [.. listed.SelectMany(objects => objects.Values).Select(item => (JsonObject)item.DeepClone())];
    }

    private SortedDictionary<string, JsonObject>? Namespace(ResourceDefinition type, string ns) =>
        _objects.TryGetValue(type, out var namespaces) && namespaces.TryGetValue(ns, out var objects) ? objects : null;

    /// <summary>Stores a new object, filling the metadata the apiserver owns.</summary>
    public JsonObject Create(ResourceDefinition type, JsonObject item)
    {
        var metadata = item.Child("metadata");
        var ns = type.Namespaced ? metadata.StringAt("namespace") ?? "" : "";
        var name = metadata.StringAt("name") ?? "";
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(now());
        metadata.Remove("resourceVersion");
        metadata.Remove("generation");
        if (type.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        return Save(type, ns, name, item);
    }

    /// <summary>Replaces a stored object; server-owned metadata is kept, generation follows spec changes.</summary>
    public JsonObject Update(ResourceDefinition type, JsonObject item)
    {
        var metadata = item.Child("metadata");
        var ns = type.Namespaced ? metadata.StringAt("namespace") ?? "" : "";
        var name = metadata.StringAt("name") ?? "";
        var stored = Peek(type, ns, name) ?? throw new KeyNotFoundException($"{type.Kind} {ns}/{name} is not stored.");
        var storedMetadata = stored.Child("metadata");
        metadata["uid"] = storedMetadata["uid"]?.DeepClone();
        metadata["creationTimestamp"] = storedMetadata["creationTimestamp"]?.DeepClone();
        if (type.TracksGeneration)
        {
            var generation = stored.IntegerAt(out _, "metadata", "generation") ?? 1;
            var specChanged = !JsonNode.DeepEquals(stored["spec"], item["spec"]);
            metadata["generation"] = specChanged ? generation + 1 : generation;
        }
        return Save(type, ns, name, item);
    }

    public JsonObject? Delete(ResourceDefinition type, string? ns, string name)
    {
        if (Namespace(type, ns ?? "") is not { } objects || !objects.Remove(name, out var removed))
        {
            return null;
        }

        Removed(type, ns ?? "", name, removed);
        return removed;
    }

    public void DeleteNamespaceContents(string ns)
    {
        foreach (var (type, namespaces) in _objects.Where(entry => entry.Key.Namespaced))
        {
            if (namespaces.Remove(ns, out var objects))
            {
                foreach (var (name, removed) in objects)
                {
                    Removed(type, ns, name, removed);
                }
            }
        }
    }

    /// <summary>A deletion is a write too: it takes the next resourceVersion, which its DELETED event carries.</summary>
    private void Removed(ResourceDefinition type, string ns, string name, JsonObject removed)
    {
        _resourceVersion++;
        Changed(type, ns, name);
        var tombstone = (JsonObject)removed.DeepClone();
        tombstone.Child("metadata")["resourceVersion"] = CurrentVersion;
        History.Append(new StoredChange(_resourceVersion, type, ChangeKind.Deleted, tombstone, removed));
        deleted?.Invoke(type, removed);
    }

    private void Changed(ResourceDefinition type, string ns, string name)
    {
        if (!_changed.TryGetValue(type, out var keys))
        {
            _changed[type] = keys = [];
        }
        keys.Add((ns, name));
    }

    private SortedDictionary<string, JsonObject> Objects(ResourceDefinition type, string ns)
    {
        if (!_objects.TryGetValue(type, out var namespaces))
        {
            _objects[type] = namespaces = new SortedDictionary<string, SortedDictionary<string, JsonObject>>(StringComparer.Ordinal);
        }

        if (!namespaces.TryGetValue(ns, out var objects))
        {
            namespaces[ns] = objects = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        }

        return objects;
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private JsonObject Save(ResourceDefinition type, string ns, string name, JsonObject item)
    {
        _resourceVersion++;
        Changed(type, ns, name);
        item.Child("metadata")["resourceVersion"] = CurrentVersion;
        var ordered = InGoFieldOrder(type, item);
        var objects = Objects(type, ns);
        objects.TryGetValue(name, out var previous);
        objects[name] = ordered;
        History.Append(new StoredChange(_resourceVersion, type, previous is null ? ChangeKind.Added : ChangeKind.Modified, ordered, previous));
        stored?.Invoke(type, ordered);
        return (JsonObject)ordered.DeepClone();
    }

    /// <summary>kind, apiVersion, metadata, spec, status first, and ObjectMeta's fields, in the order the Go structs serialise them.</summary>
    private static JsonObject InGoFieldOrder(ResourceDefinition type, JsonObject item)
    {
        var ordered = Ordered(item, ["kind", "apiVersion", "metadata", "spec", "status"]);
        ordered["kind"] = type.Kind;
        ordered["apiVersion"] = type.ApiVersion;
        if (ordered["metadata"] is JsonObject metadata)
        {
            ordered["metadata"] = Ordered(metadata, MetadataFieldOrder);
        }
        return ordered;
    }

    private static readonly string[] MetadataFieldOrder =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    private static JsonObject Ordered(JsonObject source, IReadOnlyList<string> first)
    {
        var ordered = new JsonObject();
        foreach (var key in first.Where(source.ContainsKey))
        {
            ordered[key] = source[key]?.DeepClone();
        }
        foreach (var (key, value) in source)
        {
            if (!ordered.ContainsKey(key))
            {
                ordered[key] = value?.DeepClone();
            }
        }
        return ordered;
    }
}
