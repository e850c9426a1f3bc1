using System.Text.Json;

namespace Smo.Functions.Graphs.Updates;

/// <summary>
/// The difference between two descriptors of one graph, read from the documents as stored (so a field Smo keeps but
/// does not model, such as <c>intent.coLocation</c>, counts too). Services are matched by <c>id</c>; each service's
/// fields are grouped by what they mean — <c>chart</c> (<c>artifact.ociImage</c>), <c>values</c>
/// (<c>artifact.valuesOverwrite</c>), <c>trigger</c>, <c>intent.&lt;key&gt;</c>, <c>scaling</c>, <c>policies</c> — and
/// the graph's by its keys (<c>intent</c> for <c>hdaGraphIntent</c>). Pure: no I/O.
/// </summary>
public static class DescriptorDiff
{
    /// <summary>Leaves one field's detail lists; the rest are counted.</summary>
    private const int LeavesListed = 10;

    /// <summary>How much of a value a detail quotes.</summary>
    private const int QuotedLength = 80;

    /// <summary>
    /// The groups whose change is shown as needing the release upgraded: what Helm installs (chart, values) and the import
    /// clusters Smo writes into values. A forecast read from the descriptors: what is upgraded is decided when the version is
    /// applied, by <see cref="ServiceFingerprint"/> (a connection-point change moves the import clusters of the services it names).
    /// </summary>
    private static readonly HashSet<string> UpgradeFields = new(StringComparer.Ordinal) { "chart", "values", "artifact.ociConfig", "intent.connectionPoints" };

    public static GraphDiff Between(JsonElement before, JsonElement after)
    {
        var (oldGraph, newGraph) = (GraphOf(before), GraphOf(after));
        var (oldServices, newServices) = (ServicesOf(oldGraph), ServicesOf(newGraph));
        var changed = new List<ServiceChange>();
        var unchanged = new List<string>();
        foreach (var (id, service) in newServices)
        {
            if (!oldServices.TryGetValue(id, out var previous))
            {
                continue;
            }

            var changes = ServiceFields(previous, service).Select(field => Change(field.Name, field.Before, field.After)).OfType<FieldChange>().ToList();
            if (changes.Count == 0)
            {
                unchanged.Add(id);
            }
            else
            {
                changed.Add(new ServiceChange(id, changes.Any(c => UpgradeFields.Contains(c.Field)), changes));
            }
        }

        var graphFields = Keys(oldGraph, newGraph).Where(key => key is not ("services" or "id"))
            .Select(key => Change(key == "hdaGraphIntent" ? "intent" : key, Property(oldGraph, key), Property(newGraph, key)))
            .OfType<FieldChange>()
            .ToList();
        return new GraphDiff(
            [.. newServices.Keys.Where(id => !oldServices.ContainsKey(id))],
            [.. oldServices.Keys.Where(id => !newServices.ContainsKey(id))],
            changed, unchanged, graphFields);
    }

    /// <summary>A service's fields by what they mean; <c>deployment</c> and <c>artifact</c> are opened one level (and <c>deployment.intent</c> two).</summary>
    private static IEnumerable<(string Name, JsonElement? Before, JsonElement? After)> ServiceFields(JsonElement before, JsonElement after)
    {
        foreach (var key in Keys(before, after).Where(key => key != "id"))
        {
            var (old, @new) = (Property(before, key), Property(after, key));
            if (key is "deployment" or "artifact" && IsObject(old) && IsObject(@new))
            {
                foreach (var inner in Keys(old!.Value, @new!.Value))
                {
                    var (innerOld, innerNew) = (Property(old.Value, inner), Property(@new.Value, inner));
                    if (key == "deployment" && inner == "intent" && IsObject(innerOld) && IsObject(innerNew))
                    {
                        foreach (var intent in Keys(innerOld!.Value, innerNew!.Value))
                        {
                            yield return ($"intent.{intent}", Property(innerOld.Value, intent), Property(innerNew.Value, intent));
                        }
                    }
                    else
                    {
                        yield return (FieldName(key, inner), innerOld, innerNew);
                    }
                }
            }
            else
            {
                yield return (key, old, @new);
            }
        }
    }

    private static string FieldName(string section, string key) => (section, key) switch
    {
        ("artifact", "ociImage") => "chart",
        ("artifact", "valuesOverwrite") => "values",
        ("deployment", "trigger") => "trigger",
        _ => $"{section}.{key}",
    };

    /// <summary>The field's change, or null when both sides are the same.</summary>
    private static FieldChange? Change(string field, JsonElement? before, JsonElement? after)
    {
        var leaves = new List<(string Path, string Before, string After)>();
        Leaves("", before, after, leaves);
        if (leaves.Count == 0)
        {
            return null;
        }

        var more = leaves.Count > LeavesListed ? $" (and {leaves.Count - LeavesListed} more)" : "";
        var listed = leaves.Take(LeavesListed);
        // Helm values may carry passwords and tokens: which keys changed, never what they hold.
        var detail = field == "values"
            ? $"changed: {string.Join(", ", listed.Select(l => l.Path.Length == 0 ? "(all)" : l.Path))}{more} (values not shown)"
            : string.Join("; ", listed.Select(l => l.Path.Length == 0 ? $"{l.Before} → {l.After}" : $"{l.Path}: {l.Before} → {l.After}")) + more;
        if (field == "chart" && ChartVersion(before) is { } oldVersion && ChartVersion(after) is { } newVersion && oldVersion != newVersion)
        {
            detail += $" (version {oldVersion} → {newVersion})";
        }

        return new FieldChange(field, detail);
    }

    private static void Leaves(string path, JsonElement? before, JsonElement? after, List<(string, string, string)> leaves)
    {
        if (before is null && after is null)
        {
            return;
        }

        if (IsObject(before) && IsObject(after))
        {
            foreach (var key in Keys(before!.Value, after!.Value))
            {
                Leaves(path.Length == 0 ? key : $"{path}.{key}", Property(before.Value, key), Property(after.Value, key), leaves);
            }

            return;
        }

        if (before is { ValueKind: JsonValueKind.Array } oldList && after is { ValueKind: JsonValueKind.Array } newList && oldList.GetArrayLength() == newList.GetArrayLength())
        {
            for (var index = 0; index < oldList.GetArrayLength(); index++)
            {
                Leaves($"{path}[{index}]", oldList[index], newList[index], leaves);
            }

            return;
        }

        if (before is null || after is null || !SameScalar(before.Value, after.Value))
        {
            leaves.Add((path, Quoted(before), Quoted(after)));
        }
    }

    private static bool SameScalar(JsonElement before, JsonElement after) =>
        before.ValueKind == after.ValueKind && (before.ValueKind == JsonValueKind.String ? before.GetString() == after.GetString() : before.GetRawText() == after.GetRawText());

    private static string Quoted(JsonElement? value)
    {
        var text = value switch
        {
            null => "(none)",
            { ValueKind: JsonValueKind.String } s => s.GetString()!,
            { } other => other.GetRawText(),
        };
        return text.Length <= QuotedLength ? text : text[..QuotedLength] + "…";
    }

    /// <summary>The tag of an OCI chart reference (<c>oci://host/repo/chart:1.2.0</c> → <c>1.2.0</c>), or null.</summary>
    private static string? ChartVersion(JsonElement? chart)
    {
        if (chart is not { ValueKind: JsonValueKind.String } text || text.GetString() is not { } reference)
        {
            return null;
        }

        var name = reference[(reference.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : name[(colon + 1)..];
    }

    /// <summary>The <c>hdaGraph</c> mapping (documents are stored with their wrapper); the document itself without one.</summary>
    private static JsonElement GraphOf(JsonElement document) =>
        document.ValueKind == JsonValueKind.Object && document.TryGetProperty("hdaGraph", out var graph) && graph.ValueKind == JsonValueKind.Object ? graph : document;

    private static Dictionary<string, JsonElement> ServicesOf(JsonElement graph)
    {
        var services = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (Property(graph, "services") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var service in list.EnumerateArray())
            {
                if (Property(service, "id") is { ValueKind: JsonValueKind.String } id)
                {
                    services.TryAdd(id.GetString()!, service);
                }
            }
        }

        return services;
    }

    /// <summary>The keys of both objects, those of <paramref name="before"/> first, each once.</summary>
    private static IEnumerable<string> Keys(JsonElement before, JsonElement after) =>
        (before.ValueKind == JsonValueKind.Object ? before.EnumerateObject().Select(p => p.Name) : [])
        .Concat(after.ValueKind == JsonValueKind.Object ? after.EnumerateObject().Select(p => p.Name) : [])
        .Distinct(StringComparer.Ordinal);

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static bool IsObject(JsonElement? element) => element is { ValueKind: JsonValueKind.Object };
}
