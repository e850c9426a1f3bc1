using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Smo.Simulator.Scenarios;

/// <summary>A YAML node with its path in the document, so every error names the field, line and column.</summary>
public sealed partial class ScenarioField(YamlNode node, string path, string source)
{
    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)(ms|s|m|h|d))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)")]
    private static partial Regex DurationPart();

    public YamlNode Node { get; } = node;

    public string Path { get; } = path;

    public ScenarioException Error(string message) =>
        new($"{source}: {(Path.Length == 0 ? "(document)" : Path)} (line {Node.Start.Line}, column {Node.Start.Column}): {message}");

    public ScenarioField? Get(string key)
    {
        var mapping = Mapping();
        return mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) && !IsNull(child)
            ? new ScenarioField(child, Child(key), source)
            : null;
    }

    public ScenarioField Require(string key) => Get(key) ?? throw Error($"missing required key '{key}'");

    /// <summary>Rejects keys not in <paramref name="known"/>: a typo must not silently fall back to a default.</summary>
    public ScenarioField AllowOnly(params string[] known)
    {
        foreach (var key in Mapping().Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new ScenarioField(key, Child(name), source)
                    .Error($"unknown key '{name}' (expected one of: {string.Join(", ", known)})");
            }
        }
        return this;
    }

    public IReadOnlyList<ScenarioField> Items() =>
        Node is YamlSequenceNode sequence
            ? sequence.Children.Select((child, i) => new ScenarioField(child, $"{Path}[{i}]", source)).ToList()
            : throw Error($"expected a list, got {Describe()}");

    public IReadOnlyList<(string Key, ScenarioField Value)> Entries() =>
        Mapping().Children.Select(pair => (((YamlScalarNode)pair.Key).Value ?? "", new ScenarioField(pair.Value, Child(((YamlScalarNode)pair.Key).Value ?? ""), source))).ToList();

    public string Text() =>
        Node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error($"expected a non-empty string, got {Describe()}");

    public string Name()
    {
        var text = Text();
        return DnsLabel().IsMatch(text)
            ? text
            : throw Error($"'{text}' is not a valid name (lower-case letters, digits, '-' and '.', starting and ending alphanumeric)");
    }

    public double Number(double min = double.MinValue, double max = double.MaxValue)
    {
        if (Node is not YamlScalarNode { Value: { } text }
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error($"expected a number, got {Describe()}");
        }
        return value >= min && value <= max ? value : throw Error($"{value.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
    }

    public int Integer(int min = int.MinValue)
    {
        if (Node is not YamlScalarNode { Value: { } text } || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"expected a whole number, got {Describe()}");
        }
        return value >= min ? value : throw Error($"{value} must be at least {min}");
    }

    public bool Boolean() => Node is YamlScalarNode { Value: "true" or "false" } scalar
        ? scalar.Value == "true"
        : throw Error($"expected true or false, got {Describe()}");

    /// <summary>Go-style durations ("500ms", "1m30s", "2h") or plain seconds.</summary>
    public TimeSpan Duration()
    {
        var text = Node is YamlScalarNode { Value: { } value } ? value.Trim() : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (!GoDuration().IsMatch(text))
        {
            throw Error($"expected a duration like '30s', '1m30s', '500ms' or a number of seconds, got {Describe()}");
        }
        return DurationPart().Matches(text).Aggregate(TimeSpan.Zero, (total, part) =>
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            return total + part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        });
    }

    public decimal Quantity() =>
        Node is YamlScalarNode { Value: { } text } && Kubernetes.Quantity.TryParse(text, out var value) && value >= 0
            ? value
            : throw Error($"expected a non-negative Kubernetes quantity like '8', '3700m', '64Gi', got {Describe()}");

    public string Describe() => Node switch
    {
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "nothing",
    };

    public ScenarioException Wrap(Exception e) => Error(e.Message);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    private YamlMappingNode Mapping() =>
        Node as YamlMappingNode ?? throw Error($"expected a mapping, got {Describe()}");

    private string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "" or "~" or "null" };
}
