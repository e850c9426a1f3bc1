using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Federation;

/// <summary>
/// A metav1.LabelSelector held as JSON (<c>matchLabels</c> and <c>matchExpressions</c> with In, NotIn, Exists,
/// DoesNotExist), matched against a label map as apimachinery's <c>LabelSelectorAsSelector</c> does; a selector that
/// does not convert (an unknown operator, In without values) matches nothing, as Karmada treats it.
/// </summary>
public static class LabelSelectorMatch
{
    public static bool Matches(JsonObject selector, JsonObject? labels)
    {
        string? Label(string key) => labels?[key] is JsonValue value ? value.ToString() : null;
        foreach (var (key, value) in selector.ObjectAt("matchLabels") ?? [])
        {
            if (Label(key) != value?.ToString())
            {
                return false;
            }
        }
        foreach (var expression in selector.ArrayAt("matchExpressions") ?? [])
        {
            var key = expression.StringAt("key") ?? "";
            var values = (expression.ArrayAt("values") ?? []).Select(v => v?.ToString()).ToList();
            var label = Label(key);
            var holds = expression.StringAt("operator") switch
            {
                "In" when values.Count > 0 => label is not null && values.Contains(label),
                "NotIn" when values.Count > 0 => label is null || !values.Contains(label),
                "Exists" when values.Count == 0 => label is not null,
                "DoesNotExist" when values.Count == 0 => label is null,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }
}
