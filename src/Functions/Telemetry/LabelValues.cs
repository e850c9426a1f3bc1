using System.Text.RegularExpressions;

namespace Smo.Functions.Telemetry;

/// <summary>
/// What may become a label value on <c>/metrics</c>: only names Smo has validated, each from a bounded set, and
/// <see cref="Other"/> for everything else — never text as a request or a remote system wrote it.
/// </summary>
public static partial class LabelValues
{
    /// <summary>The value shared by whatever has no value of its own; no graph, cluster, strategy or method can be named so ('_' is in none of their alphabets).</summary>
    public const string Other = "_other";

    private const int MaxLabelLength = 63;
    private const int MaxSubdomainLength = 253;

    /// <summary>A graph name as the store keeps them (a DNS-1123 label), or <see cref="Other"/>.</summary>
    public static bool IsGraphName(string? value) =>
        value is { Length: > 0 and <= MaxLabelLength } && DnsLabel().IsMatch(value);

    /// <summary>A cluster name as Karmada and the store keep them (a DNS-1123 subdomain), or <see cref="Other"/>.</summary>
    public static string Cluster(string? value) =>
        value is { Length: > 0 and <= MaxSubdomainLength } && DnsSubdomain().IsMatch(value) ? value : Other;

    /// <summary><paramref name="value"/> when it is one of <paramref name="known"/>, <see cref="Other"/> otherwise.</summary>
    public static string OneOf(string? value, IReadOnlySet<string> known) =>
        value is not null && known.Contains(value) ? value : Other;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
