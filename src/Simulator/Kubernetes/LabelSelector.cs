using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>Equality-based label selectors (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>, <c>!a</c>), comma-separated.</summary>
public sealed class LabelSelector
{
    private readonly List<Func<JsonObject, bool>> _requirements = [];

    private LabelSelector()
    {
    }

    /// <summary>The selector, or null with <paramref name="error"/> set when a term is not understood.</summary>
    public static LabelSelector? Parse(string? text, out string? error)
    {
        error = null;
        var selector = new LabelSelector();
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains(" in ", StringComparison.Ordinal) || raw.Contains(" notin ", StringComparison.Ordinal) || raw.Contains('('))
            {
                error = $"unable to parse requirement: set-based selector \"{raw}\" is not supported by the simulator";
                return null;
            }
            var term = raw;
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                var (key, value) = Split(term, "!=");
                selector._requirements.Add(labels => labels[key]?.ToString() != value);
            }
            else if (term.Contains('='))
            {
                var (key, value) = Split(term.Replace("==", "=", StringComparison.Ordinal), "=");
                selector._requirements.Add(labels => labels[key]?.ToString() == value);
            }
            else if (term.StartsWith('!'))
            {
                var key = term[1..];
                selector._requirements.Add(labels => !labels.ContainsKey(key));
            }
            else
            {
                selector._requirements.Add(labels => labels.ContainsKey(term));
            }
        }
        return selector;
    }

    public bool Matches(JsonObject item)
    {
        var labels = item.ObjectAt("metadata", "labels") ?? [];
        return _requirements.All(requirement => requirement(labels));
    }

    private static (string Key, string Value) Split(string term, string separator)
    {
        var index = term.IndexOf(separator, StringComparison.Ordinal);
        return (term[..index].Trim(), term[(index + separator.Length)..].Trim());
    }
}
