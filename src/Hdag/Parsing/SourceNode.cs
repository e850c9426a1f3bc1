namespace Smo.Hdag.Parsing;

/// <summary>A node of the parsed YAML/JSON text with its position; the binder reads the descriptor from these.</summary>
internal abstract class SourceNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>Nodes in this subtree with aliases expanded: what converting it to values costs.</summary>
    public abstract int Size { get; }

    /// <summary>UTF-8 bytes of the scalars (keys included) in this subtree with aliases expanded: what copying it costs.</summary>
    public abstract long Bytes { get; }

    /// <summary>What the node is, for the "found" part of a diagnostic.</summary>
    public abstract string Describe();
}

internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

internal sealed class ScalarNode(string text, ScalarKind kind, SourceLocation location, bool isPlain = true) : SourceNode(location)
{
    private const int DescribedTextLength = 60;

    public string Text { get; } = text;

    public ScalarKind Kind { get; } = kind;

    /// <summary>Written without quotes or block style, so it can be a YAML merge key.</summary>
    public bool IsPlain { get; } = isPlain;

    public override int Size => 1;

    public override long Bytes { get; } = System.Text.Encoding.UTF8.GetByteCount(text);

    /// <summary>The text in quotes, cut as <see cref="Describe"/> cuts it: a diagnostic never carries a whole hostile string.</summary>
    public string Quoted => $"'{Shortened(Text)}'";

    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => $"boolean {Text}",
        ScalarKind.Integer => $"integer {Text}",
        ScalarKind.Float => $"number {Text}",
        _ => $"string '{Shortened(Text)}'",
    };

    private static string Shortened(string text) =>
        text.Length <= DescribedTextLength ? text.ReplaceLineEndings(" ") : text[..DescribedTextLength].ReplaceLineEndings(" ") + "…";
}

internal sealed class SequenceNode(IReadOnlyList<SourceNode> items, SourceLocation location) : SourceNode(location)
{
    public IReadOnlyList<SourceNode> Items { get; } = items;

    public override int Size { get; } = 1 + items.Sum(i => i.Size);

    public override long Bytes { get; } = items.Sum(i => i.Bytes);

    public override string Describe() => Items.Count == 0 ? "an empty sequence" : $"a sequence of {Items.Count} items";
}

internal sealed class MappingNode(IReadOnlyList<KeyValuePair<ScalarNode, SourceNode>> entries, SourceLocation location) : SourceNode(location)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, SourceNode>> Entries { get; } = entries;

    public override int Size { get; } = 1 + entries.Sum(e => 1 + e.Value.Size);

    public override long Bytes { get; } = entries.Sum(e => e.Key.Bytes + e.Value.Bytes);

    private const int DescribedKeys = 8;

    public override string Describe() => Entries.Count switch
    {
        0 => "an empty mapping",
        <= DescribedKeys => $"a mapping with keys {string.Join(", ", Entries.Select(e => e.Key.Text))}",
        _ => $"a mapping with {Entries.Count} keys ({string.Join(", ", Entries.Take(DescribedKeys).Select(e => e.Key.Text))}, …)",
    };

    public SourceNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Text == key).Value;
}
