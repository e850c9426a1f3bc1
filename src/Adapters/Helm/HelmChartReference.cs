using System.Text.RegularExpressions;

namespace Smo.Adapters.Helm;

/// <summary>
/// The chart references Smo hands to helm: <c>oci://host/path</c>, an <c>http(s)://</c> chart URL, or <c>repo/chart</c>
/// from a configured repository. Nothing else — no local path (a descriptor must not make helm read the host's
/// files), no <c>file://</c> or other scheme, no whitespace, control or shell characters, nothing helm could take
/// for a flag.
/// </summary>
public static partial class HelmChartReference
{
    private const int MaxLength = 512;

    /// <summary>Why <paramref name="chart"/> is not a reference Smo installs; null when it is.</summary>
    public static string? Problem(string? chart)
    {
        if (string.IsNullOrEmpty(chart))
        {
            return "the chart reference is empty";
        }

        if (chart.Length > MaxLength)
        {
            return $"the chart reference is longer than {MaxLength} characters";
        }

        if (chart.StartsWith('-'))
        {
            return $"'{chart}' starts with '-' (helm would read it as a flag)";
        }

        if (chart.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || Forbidden().IsMatch(chart))
        {
            return $"'{chart}' holds whitespace, control or shell characters, which no chart reference has";
        }

        var separator = chart.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return RepositoryChart().IsMatch(chart)
                ? null
                : $"'{chart}' is not a chart reference: expected oci://host/path, an http(s):// chart URL or repo/chart";
        }

        var scheme = chart[..separator].ToLowerInvariant();
        if (scheme is not ("oci" or "http" or "https"))
        {
            return $"'{chart}': scheme '{scheme}' is not allowed (oci, http or https)";
        }

        return Uri.TryCreate(chart, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.AbsolutePath.Trim('/').Length > 0 && uri.UserInfo.Length == 0
            ? null
            : $"'{chart}' has no host or no chart path (or carries credentials)";
    }

    [GeneratedRegex(@"[;&|$`<>(){}'""\\]")]
    private static partial Regex Forbidden();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex RepositoryChart();
}
