using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Structural mutations of a JSON tree: a member or item deleted, duplicated, retyped or replaced by a hostile
/// value, an unknown member added, a collection emptied or wrapped, one node aliased to another. Each returns a
/// new tree; the one given is never changed.
/// </summary>
public static class TreeMutations
{
    /// <summary>Up to <paramref name="most"/> random mutations, one after the other.</summary>
    public static Gen<JsonNode> Some(JsonNode tree, int most) =>
        Gen.Choose(1, most).SelectMany(count => Repeat(tree, count));

    /// <summary>Sets one member named <paramref name="key"/> (at any depth; <paramref name="paths"/> are the tree's) to a generated value.</summary>
    public static Gen<JsonNode> SetMember(JsonNode tree, IReadOnlyList<IReadOnlyList<object>> paths, string key, Gen<JsonNode?> values)
    {
        var named = paths.Where(p => p.Count > 0 && p[^1] is string last && last == key).ToArray();
        return named.Length == 0
            ? Gen.Constant(tree)
            : from path in Gen.Elements(named)
              from value in values
              select Replace(tree, path, value);
    }

    private static Gen<JsonNode> Repeat(JsonNode tree, int count) =>
        count == 0 ? Gen.Constant(tree) : One(tree).SelectMany(next => Repeat(next, count - 1));

    public static Gen<JsonNode> One(JsonNode tree)
    {
        var inner = Paths(tree).Where(p => p.Count > 0).ToArray();
        if (inner.Length == 0)
        {
            return FuzzValues.AnyValue.Select(value => value ?? JsonValue.Create(new RawToken("null"))!);
        }

        var anywhere = Gen.Elements(inner);
        // The kind first, so only the chosen mutation looks further into the tree.
        return Gen.Frequency(
                (3, Gen.Constant(Mutation.Delete)), (2, Gen.Constant(Mutation.Duplicate)), (6, Gen.Constant(Mutation.Replace)), (2, Gen.Constant(Mutation.Retype)),
                (2, Gen.Constant(Mutation.AddMember)), (1, Gen.Constant(Mutation.EmptyOrWrap)), (1, Gen.Constant(Mutation.Alias)))
            .SelectMany(mutation => mutation switch
            {
                Mutation.Delete => anywhere.Select(path => Delete(tree, path)),
                Mutation.Duplicate => anywhere.Select(path => Duplicate(tree, path)),
                Mutation.Replace => from path in anywhere from value in FuzzValues.AnyValue select Replace(tree, path, value),
                Mutation.Retype => anywhere.Select(path => Replace(tree, path, Retyped(Find(tree, path)))),
                Mutation.AddMember => Paths(tree).Where(p => Find(tree, p) is JsonObject).ToArray() is { Length: > 0 } maps
                    ? from path in Gen.Elements(maps)
                      from key in FuzzValues.HostileKey
                      from value in FuzzValues.AnyValue
                      select AddMember(tree, path, key, value)
                    : Gen.Constant(tree),
                Mutation.EmptyOrWrap => anywhere.Select(path => Replace(tree, path, Find(tree, path) switch
                {
                    JsonObject => new JsonObject(),
                    JsonArray => new JsonArray(),
                    var other => new JsonArray(other?.DeepClone()),
                })),
                _ => from anchored in anywhere from alias in anywhere select Alias(tree, anchored, alias),
            });
    }

    /// <summary>Every path in the tree (the root is the empty path), in document order.</summary>
    public static IEnumerable<IReadOnlyList<object>> Paths(JsonNode? node)
    {
        var pending = new Stack<(JsonNode? Node, List<object> Path)>();
        pending.Push((node, []));
        while (pending.Count > 0)
        {
            var (current, path) = pending.Pop();
            yield return path;
            switch (current)
            {
                case JsonObject map:
                    foreach (var (key, value) in map.Reverse())
                    {
                        pending.Push((value, [.. path, key]));
                    }

                    break;
                case JsonArray list:
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        pending.Push((list[i], [.. path, i]));
                    }

                    break;
            }
        }
    }

    public static JsonNode? Find(JsonNode? tree, IReadOnlyList<object> path)
    {
        var node = tree;
        foreach (var step in path)
        {
            node = step is string key ? node?[key] : node?[(int)step];
        }

        return node;
    }

    public static JsonNode Replace(JsonNode tree, IReadOnlyList<object> path, JsonNode? value)
    {
        if (path.Count == 0)
        {
            return value?.DeepClone() ?? JsonValue.Create(new RawToken("null"))!;
        }

        var copy = tree.DeepClone();
        var parent = Find(copy, path.Take(path.Count - 1).ToList());
        var detached = value?.Parent is null ? value : value.DeepClone();
        if (parent is JsonObject map && path[^1] is string key)
        {
            map[key] = detached;
        }
        else if (parent is JsonArray list && path[^1] is int index)
        {
            list[index] = detached;
        }

        return copy;
    }

    private static JsonNode Delete(JsonNode tree, IReadOnlyList<object> path)
    {
        var copy = tree.DeepClone();
        switch (Find(copy, path.Take(path.Count - 1).ToList()))
        {
            case JsonObject map when path[^1] is string key:
                map.Remove(key);
                break;
            case JsonArray list when path[^1] is int index:
                list.RemoveAt(index);
                break;
        }

        return copy;
    }

    /// <summary>A member written twice (a duplicate key), or an item repeated (e.g. two services of one id).</summary>
    private static JsonNode Duplicate(JsonNode tree, IReadOnlyList<object> path)
    {
        var copy = tree.DeepClone();
        var original = Find(copy, path)?.DeepClone();
        switch (Find(copy, path.Take(path.Count - 1).ToList()))
        {
            case JsonObject map when path[^1] is string key:
                map[DocumentWriter.DuplicateKey(key)] = original;
                break;
            case JsonArray list when path[^1] is int index:
                list.Insert(index, original);
                break;
        }

        return copy;
    }

    private static JsonNode AddMember(JsonNode tree, IReadOnlyList<object> path, string key, JsonNode? value)
    {
        var copy = tree.DeepClone();
        if (Find(copy, path) is JsonObject map)
        {
            map[key] = value?.Parent is null ? value : value.DeepClone();
        }

        return copy;
    }

    /// <summary>The same content as another type: a number as a string, a string as a number, a scalar in a list, a map as a string.</summary>
    private static JsonNode? Retyped(JsonNode? node) => node switch
    {
        null => new JsonObject(),
        JsonObject or JsonArray => JsonValue.Create(DocumentWriter.Json(node)),
        JsonValue value when value.TryGetValue<string>(out var text) => double.TryParse(text, out var number) ? JsonValue.Create(number) : new JsonArray(JsonValue.Create(text)),
        JsonValue value when value.TryGetValue<bool>(out var flag) => JsonValue.Create(flag ? "True" : "0"),
        _ => JsonValue.Create(DocumentWriter.Json(node)),
    };

    /// <summary>
    /// One node anchored (<c>&amp;a</c>) and another made its alias (<c>*a</c>), written raw: YAML reads it as a
    /// copy (or as an error when the alias comes first), JSON as an error.
    /// </summary>
    private static JsonNode Alias(JsonNode tree, IReadOnlyList<object> anchored, IReadOnlyList<object> alias)
    {
        if (anchored.SequenceEqual(alias) || IsPrefix(anchored, alias) || IsPrefix(alias, anchored))
        {
            return tree;
        }

        var withAnchor = Replace(tree, anchored, JsonValue.Create(new RawToken("&fuzz " + DocumentWriter.Json(Find(tree, anchored)))));
        return Replace(withAnchor, alias, JsonValue.Create(new RawToken("*fuzz")));
    }

    private static bool IsPrefix(IReadOnlyList<object> prefix, IReadOnlyList<object> path) =>
        prefix.Count <= path.Count && prefix.Select((step, i) => Equals(step, path[i])).All(same => same);

    private enum Mutation
    {
        Delete,
        Duplicate,
        Replace,
        Retype,
        AddMember,
        EmptyOrWrap,
        Alias,
    }
}
