using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>Tolerant navigation of Kubernetes objects held as JSON trees.</summary>
internal static class JsonNodeExtensions
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(key, out var child) ? child : null;
        }
        return node;
    }

    public static JsonObject? ObjectAt(this JsonNode? node, params string[] path) => node.At(path) as JsonObject;

    public static JsonArray? ArrayAt(this JsonNode? node, params string[] path) => node.At(path) as JsonArray;

    public static string? StringAt(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>An integer field, or null when absent; <paramref name="valid"/> is false when present but not an integer.</summary>
    public static long? IntegerAt(this JsonNode? node, out bool valid, params string[] path)
    {
        valid = true;
        var found = node.At(path);
        if (found is null)
        {
            return null;
        }
        // JsonValue.TryGetValue<long> fails for values created from an int, so go through the JSON text.
        if (found is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            var text = value.ToJsonString();
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real)
                && Math.Abs(real) < long.MaxValue)
            {
                return (long)real;
            }
        }
        valid = false;
        return null;
    }

    /// <summary>The child object under <paramref name="key"/>, created when missing.</summary>
    public static JsonObject Child(this JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    public static string Describe(this JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"\"{v.GetValue<string>()}\"",
        _ => node.ToJsonString(WireJson.Options),
    };

    public static string KindName(this JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "unknown",
    };
}
