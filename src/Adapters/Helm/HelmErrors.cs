namespace Smo.Adapters.Helm;

/// <summary>What helm's stderr says (wording of helm 3 and 4, see protocols.md §10).</summary>
internal static class HelmErrors
{
    private const int MaxStderrCharacters = 2000;

    // A retry can succeed: the cluster or registry was unreachable, or another operation held the release.
    private static readonly string[] TransientMarkers =
    [
        "another operation (install/upgrade/rollback) is in progress",
        "Kubernetes cluster unreachable",
        "connection refused",
        "i/o timeout",
        "TLS handshake timeout",
        "connection reset by peer",
        "503 Service Unavailable",
    ];

    public static bool IsTransient(string stderr) =>
        TransientMarkers.Any(marker => stderr.Contains(marker, StringComparison.OrdinalIgnoreCase));

    public static bool IsReleaseNotFound(string reason) =>
        reason.Contains("release: not found", StringComparison.OrdinalIgnoreCase);

    /// <summary>stderr trimmed and bounded (stdout when stderr is empty), for the error users see.</summary>
    public static string Summary(ProcessRunner.Result result)
    {
        var text = (string.IsNullOrWhiteSpace(result.Stderr) ? result.Stdout : result.Stderr).Trim();
        if (text.Length == 0)
        {
            return "helm printed nothing";
        }

        return text.Length <= MaxStderrCharacters ? text : "…" + text[^MaxStderrCharacters..];
    }
}
