using System.Text.RegularExpressions;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// apimachinery's checks of a label key (a qualified name: an optional DNS subdomain prefix and a name) and a label
/// value, which taint keys and values share (<c>IsQualifiedName</c>, <c>IsValidLabelValue</c>), with its words.
/// </summary>
public static partial class QualifiedNames
{
    private const int NameMaxLength = 63;
    private const int PrefixMaxLength = 253;

    private const string NameFormat =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
        + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string ValueFormat =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end "
        + "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
        + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string PrefixFormat =
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex Name();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    /// <summary>Why <paramref name="key"/> is not a qualified name; null when it is.</summary>
    public static string? KeyProblem(string key)
    {
        var parts = key.Split('/');
        var name = parts[^1];
        var problems = new List<string>();
        if (parts.Length > 2)
        {
            return $"a qualified name {NameFormat} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        }
        if (parts.Length == 2)
        {
            var prefix = parts[0];
            if (prefix.Length == 0)
            {
                problems.Add("prefix part must be non-empty");
            }
            else if (prefix.Length > PrefixMaxLength)
            {
                problems.Add($"prefix part must be no more than {PrefixMaxLength} characters");
            }
            else if (!Subdomain().IsMatch(prefix))
            {
                problems.Add(PrefixFormat);
            }
        }
        if (name.Length == 0)
        {
            problems.Add("name part must be non-empty");
        }
        else if (name.Length > NameMaxLength)
        {
            problems.Add($"name part must be no more than {NameMaxLength} characters");
        }
        if (name.Length > 0 && !Name().IsMatch(name))
        {
            problems.Add($"name part {NameFormat}");
        }
        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    /// <summary>Why <paramref name="value"/> is not a label value; null when it is (empty is one).</summary>
    public static string? ValueProblem(string value)
    {
        var problems = new List<string>();
        if (value.Length > NameMaxLength)
        {
            problems.Add($"must be no more than {NameMaxLength} characters");
        }
        if (value.Length > 0 && !Name().IsMatch(value))
        {
            problems.Add(ValueFormat);
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
