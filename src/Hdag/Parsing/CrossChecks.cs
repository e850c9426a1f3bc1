namespace Smo.Hdag.Parsing;

/// <summary>What one service's fields name, gathered while reading it and checked when the service or graph is complete.</summary>
internal sealed class CrossChecks
{
    private readonly Dictionary<string, Field> _alertNames = new(StringComparer.Ordinal);

    public List<ServiceReference> References { get; } = [];

    /// <summary>
    /// Reads an event or policy id. Each becomes an alert rule labelled with the service, so two with one name
    /// in one service would be the same rule.
    /// </summary>
    public string? AlertName(Field field, string expected)
    {
        var name = field.AsString(required: true, expected);
        if (name is null)
        {
            return null;
        }

        if (_alertNames.TryGetValue(name, out var first))
        {
            field.Error($"'{name}' again (first at {first.Location})", "event and policy ids unique within a service (each names an alert rule)");
            return null;
        }

        _alertNames[name] = field;
        return name;
    }
}
