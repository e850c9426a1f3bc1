using System.Globalization;
using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes.Schema;

/// <summary>
/// The part of a CRD's structural schema the apiserver applies to a custom resource, in its order: unknown fields and
/// nulls pruned (structural schemas prune, and a null in a field that is not nullable is dropped before defaulting),
/// defaults filled, then type, required, enum, minimum and minItems checked with apiextensions' field errors.
/// A node without a type (<see cref="Preserved"/>) keeps what it holds unchecked, as
/// <c>x-kubernetes-preserve-unknown-fields</c> would: how the twin stands in for the parts of a schema it does not model.
/// </summary>
public sealed record StructuralSchema
{
    private StructuralSchema(string? type) => Type = type;

    /// <summary>object, array, string, integer, boolean; null for a preserved node.</summary>
    public string? Type { get; }

    public IReadOnlyList<(string Name, StructuralSchema Schema)>? Properties { get; private init; }

    /// <summary>The schema of a map's values (additionalProperties).</summary>
    public StructuralSchema? Values { get; private init; }

    public StructuralSchema? Items { get; private init; }

    public IReadOnlyList<string> Required { get; private init; } = [];

    public IReadOnlyList<string>? Enum { get; private init; }

    public long? Minimum { get; private init; }

    public int? MinItems { get; private init; }

    public JsonNode? Default { get; private init; }

    public static StructuralSchema Preserved { get; } = new((string?)null);

    public static StructuralSchema Bool { get; } = new("boolean");

    public static StructuralSchema Object(params (string Name, StructuralSchema Schema)[] properties) => new("object") { Properties = properties };

    public static StructuralSchema Map(StructuralSchema values) => new("object") { Values = values };

    public static StructuralSchema Array(StructuralSchema items, int? minItems = null) => new("array") { Items = items, MinItems = minItems };

    public static StructuralSchema String(params string[] allowed) => new("string") { Enum = allowed.Length > 0 ? allowed : null };

    public static StructuralSchema Integer(long? minimum = null) => new("integer") { Minimum = minimum };

    public StructuralSchema Requires(params string[] names) => this with { Required = names };

    public StructuralSchema Defaults(JsonNode value) => this with { Default = value };

    /// <summary>Removes the fields the schema does not know and the nulls of fields that are not nullable.</summary>
    public void Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when Properties is not null:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is null || Property(key) is not { } schema)
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        schema.Prune(value);
                    }
                }
                break;
            case JsonObject map when Values is not null:
                foreach (var (key, value) in map.ToList())
                {
                    if (value is null)
                    {
                        map.Remove(key);
                    }
                    else
                    {
                        Values.Prune(value);
                    }
                }
                break;
            case JsonArray array when Items is not null:
                foreach (var item in array)
                {
                    Items.Prune(item);
                }
                break;
        }
    }

    /// <summary>Fills the defaults of absent fields inside the objects that are present.</summary>
    public void ApplyDefaults(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when Properties is not null:
                foreach (var (name, schema) in Properties)
                {
                    if (!obj.ContainsKey(name) && schema.Default is { } value)
                    {
                        obj[name] = value.DeepClone();
                    }
                    schema.ApplyDefaults(obj[name]);
                }
                break;
            case JsonObject map when Values is not null:
                foreach (var (_, value) in map)
                {
                    Values.ApplyDefaults(value);
                }
                break;
            case JsonArray array when Items is not null:
                foreach (var item in array)
                {
                    Items.ApplyDefaults(item);
                }
                break;
        }
    }

    /// <summary>Adds the field errors of <paramref name="node"/> at <paramref name="path"/> (empty for the root).</summary>
    public void Validate(JsonNode? node, string path, List<FieldError> errors)
    {
        if (Type is null || node is null)
        {
            return;
        }
        if (!HasType(node))
        {
            var kind = node.KindName();
            errors.Add(FieldError.Invalid(path, $"\"{kind}\"", $"{path} in body must be of type {Type}: \"{kind}\""));
            return;
        }
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in Required.Where(name => obj[name] is null))
                {
                    errors.Add(FieldError.Required(Child(path, name)));
                }
                foreach (var (name, schema) in Properties ?? [])
                {
                    schema.Validate(obj[name], Child(path, name), errors);
                }
                if (Values is not null)
                {
                    foreach (var (key, value) in obj)
                    {
                        Values.Validate(value, Child(path, key), errors);
                    }
                }
                break;
            case JsonArray array:
                if (MinItems is { } least && array.Count < least)
                {
                    errors.Add(FieldError.Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture),
                        $"{path} in body should have at least {least} items"));
                }
                for (var i = 0; i < array.Count; i++)
                {
                    Items?.Validate(array[i], $"{path}[{i}]", errors);
                }
                break;
            default:
                ValidateScalar(node, path, errors);
                break;
        }
    }

    private void ValidateScalar(JsonNode node, string path, List<FieldError> errors)
    {
        if (Enum is { } allowed && node.GetValue<string>() is var text && !allowed.Contains(text))
        {
            errors.Add(FieldError.Unsupported(path, text, allowed));
        }
        if (Minimum is { } minimum && node.IntegerAt(out _) is { } number && number < minimum)
        {
            errors.Add(FieldError.Invalid(path, number.ToString(CultureInfo.InvariantCulture),
                $"{path} in body should be greater than or equal to {minimum.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private bool HasType(JsonNode node) => Type switch
    {
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "integer" => node.KindName() == "number" && node.IntegerAt(out var valid) is not null && valid,
        _ => node.KindName() == Type,
    };

    private StructuralSchema? Property(string name)
    {
        foreach (var (known, schema) in Properties!)
        {
            if (known == name)
            {
                return schema;
            }
        }
        return null;
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
