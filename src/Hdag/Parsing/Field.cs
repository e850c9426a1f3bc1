namespace Smo.Hdag.Parsing;

/// <summary>
/// One place in the descriptor (possibly absent) with typed reads that report what they found there. Absent
/// fields point at their parent's position, which is where the missing key belongs.
/// </summary>
internal readonly record struct Field(SourceNode? Node, string Path, SourceLocation Location, DiagnosticBag Diagnostics)
{
    /// <summary>What a missing field is reported as having.</summary>
    public const string Missing = "nothing (the field is missing)";

    public bool IsAbsent => Node is null or ScalarNode { Kind: ScalarKind.Null };

    public void Error(string found, string expected, string? original = null) => Diagnostics.Error(Path, Location, found, expected, original);

    public void Warning(string found, string expected, string? original = null) => Diagnostics.Warning(Path, Location, found, expected, original);

    /// <summary>Any scalar as its text (numbers included, as written); required strings must not be blank.</summary>
    public string? AsString(bool required, string expected)
    {
        switch (Node)
        {
            case null or ScalarNode { Kind: ScalarKind.Null }:
                if (required)
                {
                    Error(Node is null ? Missing : "null", expected);
                }

                return null;
            case ScalarNode scalar when required && string.IsNullOrWhiteSpace(scalar.Text):
                Error("an empty string", expected);
                return null;
            case ScalarNode scalar:
                return scalar.Text;
            default:
                Error(Node.Describe(), expected);
                return null;
        }
    }

    /// <summary>A YAML/JSON boolean, or the strings "true"/"false" in any case (old clients send <c>"True"</c>).</summary>
    public bool? AsBool()
    {
        const string expected = "true or false (a boolean, or the string \"true\"/\"false\")";
        switch (Node)
        {
            case null or ScalarNode { Kind: ScalarKind.Null }:
                return null;
            case ScalarNode { Kind: ScalarKind.Boolean or ScalarKind.String } scalar when ScalarResolution.IsBooleanText(scalar.Text):
                return ScalarResolution.IsTrue(scalar.Text);
            default:
                Error(Node.Describe(), expected);
                return null;
        }
    }

    /// <summary>A number (not a quoted one) that <paramref name="isValid"/> accepts.</summary>
    public double? AsNumber(Func<double, bool> isValid, string expected)
    {
        switch (Node)
        {
            case null or ScalarNode { Kind: ScalarKind.Null }:
                return null;
            case ScalarNode { Kind: ScalarKind.Integer or ScalarKind.Float } scalar when isValid(ScalarResolution.ToDouble(scalar.Text)):
                return ScalarResolution.ToDouble(scalar.Text);
            default:
                Error(Node.Describe(), expected);
                return null;
        }
    }

    /// <summary>A whole number of at least <paramref name="minimum"/>.</summary>
    public int? AsInteger(int minimum, string expected)
    {
        switch (Node)
        {
            case null or ScalarNode { Kind: ScalarKind.Null }:
                return null;
            case ScalarNode { Kind: ScalarKind.Integer } scalar when ScalarResolution.TryToLong(scalar.Text, out var value) && value >= minimum && value <= int.MaxValue:
                return (int)value;
            default:
                Error(Node.Describe(), expected);
                return null;
        }
    }

    /// <summary>One of a fixed set of names, any case; <paramref name="fallback"/> when absent (required when there is none).</summary>
    /// <param name="original">What the original SMO did with a value outside the set, for the error.</param>
    public T? AsChoice<T>(IReadOnlyDictionary<string, T> choices, T? fallback, string? original = null)
        where T : struct
    {
        var names = choices.Keys.ToList();
        var expected = names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
        var text = AsString(required: fallback is null, expected);
        if (text is null)
        {
            return fallback;
        }

        if (choices.FirstOrDefault(c => c.Key.Equals(text, StringComparison.OrdinalIgnoreCase)) is { Key: not null } choice)
        {
            return choice.Value;
        }

        Error($"'{text}'", expected, original);
        return null;
    }

    public MappingReader? AsMapping(bool required, string expected)
    {
        switch (Node)
        {
            case MappingNode mapping:
                return new MappingReader(mapping, Path, Diagnostics);
            case null or ScalarNode { Kind: ScalarKind.Null } when !required:
                return null;
            default:
                Error(Node is null ? Missing : Node.Describe(), expected);
                return null;
        }
    }

    /// <summary>The items of a sequence; an absent or null one reads as empty unless required.</summary>
    public IReadOnlyList<Field> AsSequence(bool required, string expected)
    {
        switch (Node)
        {
            case SequenceNode sequence when !required || sequence.Items.Count > 0:
                var path = Path;
                var diagnostics = Diagnostics;
                return [.. sequence.Items.Select((item, i) => new Field(item, SourcePath.Item(path, i), item.Location, diagnostics))];
            case null or ScalarNode { Kind: ScalarKind.Null } when !required:
                return [];
            default:
                Error(Node is null ? Missing : Node.Describe(), expected);
                return [];
        }
    }

    /// <summary>A sequence of non-blank strings, each with its place for later cross-checks.</summary>
    public IReadOnlyList<(string Value, Field Field)> AsStrings(string expectedItem)
    {
        var strings = new List<(string, Field)>();
        foreach (var item in AsSequence(required: false, $"a sequence of {expectedItem}"))
        {
            if (item.AsString(required: true, expectedItem) is { } value)
            {
                strings.Add((value, item));
            }
        }

        return strings;
    }
}
