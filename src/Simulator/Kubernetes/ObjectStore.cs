using System.Globalization;
using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// The simulated etcd: objects by type, namespace and name, one global resourceVersion counter bumped on every
/// write, generation bumped on spec changes. Not thread-safe: the federation's lock guards it.
/// </summary>
/// <param name="stored">Told of every object after it is stored; it gets the stored instance, to copy before keeping.</param>
public sealed class ObjectStore(Func<DateTimeOffset> now, Action<ResourceDefinition, JsonObject>? stored = null)
{
    private readonly Dictionary<(ResourceDefinition Type, string Namespace, string Name), JsonObject> _objects = [];
    private readonly Dictionary<ResourceDefinition, HashSet<(string Namespace, string Name)>> _changed = [];
    private long _resourceVersion = 1000;

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
        _objects.GetValueOrDefault((type, ns ?? "", name));


    public JsonObject? Get(ResourceDefinition type, string? ns, string name) =>
        _objects.TryGetValue((type, ns ?? "", name), out var stored) ? (JsonObject)stored.DeepClone() : null;

    public bool Exists(ResourceDefinition type, string? ns, string name) => _objects.ContainsKey((type, ns ?? "", name));

    public IReadOnlyList<JsonObject> List(ResourceDefinition type, string? ns = null) =>
        _objects
            .Where(entry => entry.Key.Type == type && (ns is null || entry.Key.Namespace == ns))
            .OrderBy(entry => entry.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Name, StringComparer.Ordinal)
            .Select(entry => (JsonObject)entry.Value.DeepClone())
            .ToList();

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
        var stored = _objects[(type, ns, name)];
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
        if (!_objects.Remove((type, ns ?? "", name), out var removed))
        {
            return null;
        }

        Changed(type, ns ?? "", name);
        return removed;
    }

    public void DeleteNamespaceContents(string ns)
    {
        foreach (var key in _objects.Keys.Where(key => key.Namespace == ns && key.Type.Namespaced).ToList())
        {
            _objects.Remove(key);
            Changed(key.Type, key.Namespace, key.Name);
        }
    }

    private void Changed(ResourceDefinition type, string ns, string name)
    {
        if (!_changed.TryGetValue(type, out var keys))
        {
            _changed[type] = keys = [];
        }
        keys.Add((ns, name));
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private JsonObject Save(ResourceDefinition type, string ns, string name, JsonObject item)
    {
        _resourceVersion++;
        Changed(type, ns, name);
        item.Child("metadata")["resourceVersion"] = CurrentVersion;
        var ordered = InGoFieldOrder(type, item);
        _objects[(type, ns, name)] = ordered;
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
