using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Writes a generated document as JSON or as block YAML. Unlike <see cref="JsonNode.ToJsonString"/> it writes
/// <see cref="RawToken"/>s as they are and repeats a key marked by <see cref="DuplicateKey"/>, so the text can be
/// what no serializer would produce. Iterative (a stack of pending pieces), so no tree can overflow the test's stack.
/// </summary>
public static partial class DocumentWriter
{
    /// <summary>A key ending in this is written without it: a second member of the same name.</summary>
    private const string DuplicateMarker = "\u0001dup";

    private static readonly HashSet<string> YamlWords = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];

    private static readonly JsonSerializerOptions RawUnicode = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string DuplicateKey(string key) => key + DuplicateMarker;

    public static string Json(JsonNode? root)
    {
        var text = new StringBuilder();
        var pending = new Stack<object?>();
        pending.Push(new Pending(root, 0));
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case string literal:
                    text.Append(literal);
                    break;
                case Pending { Node: JsonObject map }:
                    var members = map.ToList();
                    pending.Push("}");
                    for (var i = members.Count - 1; i >= 0; i--)
                    {
                        pending.Push(new Pending(members[i].Value, 0));
                        pending.Push((i > 0 ? "," : "") + Quote(KeyText(members[i].Key)) + ":");
                    }

                    pending.Push("{");
                    break;
                case Pending { Node: JsonArray list }:
                    pending.Push("]");
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        pending.Push(new Pending(list[i], 0));
                        if (i > 0)
                        {
                            pending.Push(",");
                        }
                    }

                    pending.Push("[");
                    break;
                case Pending { Node: var scalar }:
                    text.Append(JsonScalar(scalar));
                    break;
            }
        }

        return text.ToString();
    }

    public static string Yaml(JsonNode? root)
    {
        if (root is not (JsonObject { Count: > 0 } or JsonArray { Count: > 0 }))
        {
            return YamlScalar(root) + "\n";
        }

        var text = new StringBuilder();
        var pending = new Stack<object?>();
        pending.Push(new Pending(root, 0));
        while (pending.Count > 0)
        {
            var item = pending.Pop();
            if (item is string literal)
            {
                text.Append(literal);
                continue;
            }

            var (node, indent) = (Pending)item!;
            var pad = new string(' ', indent);
            var entries = node is JsonObject map
                ? map.Select(m => (Lead: YamlText(KeyText(m.Key)) + ":", m.Value)).ToList()
                : ((JsonArray)node!).Select(v => (Lead: "-", Value: v)).ToList();
            for (var i = entries.Count - 1; i >= 0; i--)
            {
                var (lead, value) = entries[i];
                if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                {
                    pending.Push(new Pending(value, indent + 2));
                    pending.Push($"{pad}{lead}\n");
                }
                else
                {
                    pending.Push($"{pad}{lead} {YamlScalar(value)}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string KeyText(string key) => key.EndsWith(DuplicateMarker, StringComparison.Ordinal) ? key[..^DuplicateMarker.Length] : key;

    private static string JsonScalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.TryGetValue<RawToken>(out var raw) => raw.Text,
        JsonValue value when value.TryGetValue<string>(out var text) => Quote(text),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        // No JSON number is infinite or NaN: written as the tokens careless writers emit for them.
        JsonValue value when value.TryGetValue<double>(out var number) => double.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture)
            : double.IsNaN(number) ? "NaN" : number > 0 ? "1e400" : "-1e400",
        _ => node.ToJsonString(),
    };

    private static string YamlScalar(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? YamlText(text) : JsonScalar(node);

    /// <summary>Plain when YAML reads it back as the same string; double-quoted otherwise (JSON's escapes are YAML's).</summary>
    private static string YamlText(string text) =>
        PlainSafe().IsMatch(text) && !YamlWords.Contains(text.ToLowerInvariant()) ? text : Quote(text);

    private static string Quote(string text) => JsonSerializer.Serialize(text, RawUnicode);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_/.-]*$")]
    private static partial Regex PlainSafe();

    /// <summary>A node still to be written, at its indentation (YAML only).</summary>
    private sealed record Pending(JsonNode? Node, int Indent);
}
