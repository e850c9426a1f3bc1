using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes.Patching;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) over RFC 6901 pointers.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw new PatchException("json patch must be a JSON array of operations", malformed: true);
        }
        JsonNode document = target.DeepClone();
        foreach (var node in operations)
        {
            if (node is not JsonObject operation || operation.StringAt("op") is not { } op || operation.StringAt("path") is not { } path)
            {
                throw new PatchException($"json patch operation {node.Describe()} needs string fields \"op\" and \"path\"", malformed: true);
            }
            document = op switch
            {
                "add" => Add(document, path, Value(operation)),
                "remove" => Remove(document, path, out _),
                "replace" => Add(Remove(document, path, out _), path, Value(operation)),
                "move" => Move(document, From(operation), path),
                "copy" => Add(document, path, Get(document, From(operation)).DeepClone()),
                "test" => Test(document, path, Value(operation)),
                _ => throw new PatchException($"Unexpected kind: {op}", malformed: true),
            };
        }
        return document;
    }

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new PatchException($"json patch operation \"{operation.StringAt("op")}\" on \"{operation.StringAt("path")}\" has no \"value\"", malformed: true);

    private static string From(JsonObject operation) =>
        operation.StringAt("from") ?? throw new PatchException($"json patch operation \"{operation.StringAt("op")}\" has no \"from\"", malformed: true);

    private static JsonNode Move(JsonNode document, string from, string path)
    {
        var afterRemove = Remove(document, from, out var moved);
        return Add(afterRemove, path, moved);
    }

    private static JsonNode Test(JsonNode document, string path, JsonNode? expected) =>
        JsonNode.DeepEquals(Get(document, path), expected)
            ? document
            : throw new PatchException($"testing value {path} failed", malformed: false);

    private static JsonNode Get(JsonNode document, string path)
    {
        var node = document;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, out var i) && i >= 0 && i < array.Count => array[i],
                _ => throw new PatchException($"path {path} does not exist", malformed: false),
            } ?? throw new PatchException($"path {path} does not exist", malformed: false);
        }
        return node;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw new PatchException("cannot replace the whole document with null", malformed: false);
        }
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw new PatchException($"add operation does not apply: doc is missing path: \"{path}\"", malformed: false);
        }
        return document;
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out removed):
                obj.Remove(last);
                removed = removed?.DeepClone();
                break;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index < array.Count:
                removed = array[index]?.DeepClone();
                array.RemoveAt(index);
                break;
            default:
                throw new PatchException($"remove operation does not apply: doc is missing path: \"{path}\"", malformed: false);
        }
        return document;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        var parentPath = "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0").Replace("/", "~1")));
        var parent = tokens.Length == 1 ? document : Get(document, parentPath);
        return (parent!, tokens[^1]);
    }

    private static string[] Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }
        if (path[0] != '/')
        {
            throw new PatchException($"JSON pointer \"{path}\" must start with '/'", malformed: true);
        }
        return path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }
}
