namespace Smo.Hdag.Parsing;

/// <summary>
/// Reads the fields of one mapping and remembers which keys were asked for, so the fields nobody asked for are
/// reported as warnings: a newer IM version still parses, and a typo is still visible.
/// </summary>
internal sealed class MappingReader(MappingNode node, string path, DiagnosticBag diagnostics)
{
    private readonly List<string> _known = [];
    private readonly List<string> _recognised = [];

    public string Path { get; } = path;

    public SourceLocation Location => node.Location;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public Field this[string key]
    {
        get
        {
            _known.Add(key);
            var value = node[key];
            return new Field(value, SourcePath.Child(Path, key), value?.Location ?? node.Location, Diagnostics);
        }
    }

    /// <summary>
    /// A field outside the model that is recognised where it is read (an old or misplaced shape, reported there):
    /// not reported as unknown, and not offered among the known fields either.
    /// </summary>
    public Field Recognised(string key)
    {
        _recognised.Add(key);
        var value = node[key];
        return new Field(value, SourcePath.Child(Path, key), value?.Location ?? node.Location, Diagnostics);
    }

    public bool Has(string key) => node[key] is not null;

    /// <summary>Fields of the information model that Smo keeps in the stored descriptor but does not interpret.</summary>
    public void Keep(params string[] keys) => _known.AddRange(keys);

    /// <summary><c>key: {enabled: bool}</c>, false when absent.</summary>
    public bool Enabled(string key)
    {
        var block = this[key].AsMapping(required: false, "a mapping with 'enabled'");
        var enabled = block?["enabled"].AsBool() ?? false;
        block?.WarnAboutUnknownFields();
        return enabled;
    }

    public void WarnAboutUnknownFields()
    {
        foreach (var entry in node.Entries.Where(e => !_known.Contains(e.Key.Text) && !_recognised.Contains(e.Key.Text)))
        {
            Diagnostics.Warning(
                SourcePath.Child(Path, entry.Key.Text),
                entry.Key.Location,
                $"unknown field '{entry.Key.Text}' (ignored)",
                $"one of {string.Join(", ", _known.Distinct())}");
        }
    }
}
