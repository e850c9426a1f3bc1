using System.Text.RegularExpressions;

namespace Smo.Hdag.Parsing;

/// <summary>JSON-path-like names of places in a descriptor: <c>hdaGraph.services[2].id</c>; the document itself is <c>$</c>.</summary>
internal static partial class SourcePath
{
    public const string Root = "$";

    public static string Child(string parent, string key)
    {
        var step = PlainKey().IsMatch(key) ? key : $"[\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
        return parent == Root ? step : step.StartsWith('[') ? parent + step : $"{parent}.{step}";
    }

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainKey();
}
