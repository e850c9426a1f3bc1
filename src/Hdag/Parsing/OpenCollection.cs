using YamlDotNet.Core;

namespace Smo.Hdag.Parsing;

/// <summary>A mapping or sequence whose end the reader has not met yet; it checks keys as they arrive.</summary>
internal sealed record OpenCollection(string Path, SourceLocation Location, AnchorName Anchor, bool IsMapping)
{
    private const string MergeKey = "<<";

    private readonly List<SourceNode> _items = [];
    private readonly List<KeyValuePair<ScalarNode, SourceNode>> _entries = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<MappingNode> _merged = [];
    private ScalarNode? _pendingKey;

    /// <summary>Where the next node goes: under the key just read, or the next sequence item.</summary>
    public string ChildPath => IsMapping
        ? _pendingKey is null ? Path : SourcePath.Child(Path, _pendingKey.Text)
        : SourcePath.Item(Path, _items.Count);

    public bool Add(SourceNode node, DiagnosticBag diagnostics)
    {
        if (!IsMapping)
        {
            _items.Add(node);
            return true;
        }

        if (_pendingKey is null)
        {
            return AddKey(node, diagnostics);
        }

        var key = _pendingKey;
        _pendingKey = null;
        if (IsMergeKey(key))
        {
            return Merge(key, node, diagnostics);
        }

        _keys.Add(key.Text);
        _entries.Add(new(key, node));
        return true;
    }

    public SourceNode ToNode()
    {
        if (!IsMapping)
        {
            return new SequenceNode(_items, Location);
        }

        // YAML merge keys (<<: *defaults): keys written in the mapping win over merged ones, earlier merges over later.
        foreach (var entry in _merged.SelectMany(m => m.Entries))
        {
            if (_keys.Add(entry.Key.Text))
            {
                _entries.Add(entry);
            }
        }

        return new MappingNode(_entries, Location);
    }

    private bool AddKey(SourceNode node, DiagnosticBag diagnostics)
    {
        if (node is not ScalarNode key)
        {
            diagnostics.Error(Path, node.Location, $"{node.Describe()} as a mapping key", "scalar keys");
            return false;
        }

        if (!IsMergeKey(key) && _keys.Contains(key.Text))
        {
            var first = _entries.First(e => e.Key.Text == key.Text).Key.Location;
            diagnostics.Error(SourcePath.Child(Path, key.Text), key.Location, $"key '{key.Text}' a second time (first at {first})", "each key once per mapping");
            return false;
        }

        _pendingKey = key;
        return true;
    }

    private bool Merge(ScalarNode key, SourceNode value, DiagnosticBag diagnostics)
    {
        List<MappingNode>? sources = value switch
        {
            MappingNode mapping => [mapping],
            SequenceNode sequence when sequence.Items.All(i => i is MappingNode) => [.. sequence.Items.Cast<MappingNode>()],
            _ => null,
        };
        if (sources is null)
        {
            diagnostics.Error(SourcePath.Child(Path, key.Text), value.Location, $"{value.Describe()} to merge", "a mapping or a sequence of mappings after <<");
            return false;
        }

        _merged.AddRange(sources);
        return true;
    }

    private static bool IsMergeKey(ScalarNode key) => key.IsPlain && key.Text == MergeKey;
}
