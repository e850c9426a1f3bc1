using System.Text;
using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// Field selectors as apimachinery's <c>fields.ParseSelector</c> reads them (<c>f=v</c>, <c>f==v</c>, <c>f!=v</c>,
/// comma-separated, <c>\,</c> <c>\=</c> <c>\\</c> escaped in values), over the fields every type serves:
/// <c>metadata.name</c> and <c>metadata.namespace</c> (Deployments register no others).
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] Operators = ["!=", "==", "="];
    private static readonly string[] KnownFields = ["metadata.name", "metadata.namespace"];

    private readonly List<(string Field, string Value, bool Equal)> _terms = [];

    private FieldSelector()
    {
    }

    /// <summary>The selector, or null with the apiserver's 400 message in <paramref name="error"/>.</summary>
    public static FieldSelector? Parse(string? text, out string? error)
    {
        error = null;
        var selector = new FieldSelector();
        // Terms are checked in sorted order, as the apiserver sorts them before it converts their field labels.
        foreach (var term in SplitTerms(text ?? "").Where(t => t.Length > 0).Order(StringComparer.Ordinal))
        {
            if (SplitTerm(term) is not { } split)
            {
                error = $"invalid selector: '{text}'; can't understand '{term}'";
                return null;
            }
            if (Unescape(split.Value, out error) is not { } value)
            {
                return null;
            }
            selector._terms.Add((split.Field, value, split.Operator != "!="));
        }
        return selector;
    }

    /// <summary>
    /// The apiserver's 400 message for the first field this type does not serve, or null; checked after the list
    /// options are validated, when the apiserver converts the field labels.
    /// </summary>
    public string? UnknownField() =>
        _terms.Select(t => t.Field).FirstOrDefault(field => !KnownFields.Contains(field)) is { } unknown
            ? $"\"{unknown}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
            : null;

    public bool Matches(JsonObject item) =>
        _terms.All(term => (Field(item, term.Field) == term.Value) == term.Equal);

    private static string Field(JsonObject item, string field) =>
        field == "metadata.name" ? item.StringAt("metadata", "name") ?? "" : item.StringAt("metadata", "namespace") ?? "";

    /// <summary>Splits on commas that are not escaped; the escapes stay in the terms.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (text[i] == '\\')
            {
                escaped = true;
            }
            else if (text[i] == ',')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    /// <summary>The first operator in the term splits it: field names have no escapes.</summary>
    private static (string Field, string Operator, string Value)? SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0)
                {
                    return (term[..i], op, term[(i + op.Length)..]);
                }
            }
        }
        return null;
    }

    private static string? Unescape(string value, out string? error)
    {
        error = null;
        var text = new StringBuilder(value.Length);
        var escaped = false;
        foreach (var c in value)
        {
            if (escaped)
            {
                if (c is not ('\\' or ',' or '='))
                {
                    error = $"invalid field selector: invalid escape sequence: \\{c}";
                    return null;
                }
                text.Append(c);
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c is ',' or '=')
            {
                // Go prints the rune with %v: its number.
                error = $"invalid field selector: unescaped character in value: {(int)c}";
                return null;
            }
            else
            {
                text.Append(c);
            }
        }
        if (escaped)
        {
            error = "invalid field selector: invalid escape sequence: \\";
            return null;
        }
        return text.ToString();
    }
}
