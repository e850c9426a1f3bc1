using System.Text.RegularExpressions;

namespace Smo.Simulator.Helm;

/// <summary>
/// The chart references helm accepts from Smo, refused in helm's words otherwise: <c>oci://</c> references,
/// <c>http(s)://</c> chart URLs and <c>repo/chart</c>. A local path is refused too: the stand-in has no file system
/// of charts, and Smo never sends one (a test that passed on one would fail in production).
/// </summary>
public static partial class ChartReference
{
    /// <summary>Why helm would refuse <paramref name="chart"/>; null when it is a reference helm resolves.</summary>
    public static string? Problem(string chart)
    {
        if (chart.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || ShellCharacters().IsMatch(chart))
        {
            return $"invalid chart reference \"{chart}\": it contains spaces or characters no chart reference has";
        }
        var scheme = chart.IndexOf("://", StringComparison.Ordinal) is var at and > 0 ? chart[..at] : null;
        return scheme switch
        {
            "oci" or "http" or "https" => Uri.TryCreate(chart, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.AbsolutePath.Length > 1
                ? null
                : $"invalid chart reference \"{chart}\": no host or no chart path",
            not null => $"could not find protocol handler for: {scheme}",
            null when RepositoryChart().IsMatch(chart) => null,
            null when chart.StartsWith('/') || chart.StartsWith('.') => $"path \"{chart}\" not found",
            null => $"non-absolute URLs should be in form of repo_name/path_to_chart, got: {chart}",
        };
    }

    [GeneratedRegex(@"[;&|$`<>(){}'""\\]")]
    private static partial Regex ShellCharacters();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex RepositoryChart();
}
