using System.Text.RegularExpressions;

namespace Smo.Adapters.Oci;

/// <summary>
/// An artifact in an OCI registry, parsed from the forms users give: <c>oci://host:5000/project/graph:1.0.0</c>,
/// <c>http://host:5000/project/graph</c> (plain HTTP, as hdarctl takes it), <c>host/project/graph@sha256:…</c>.
/// </summary>
/// <param name="PlainHttp">True for <c>http://</c>, false for <c>https://</c>, null when the options decide.</param>
public sealed partial record ArtifactReference(string Registry, string Repository, string? Tag, string? Digest, bool? PlainHttp)
{
    public const string DefaultTag = "latest";

    /// <summary>
    /// The distribution spec's limit on registry, '/' and repository together, which registries enforce (the reference
    /// registry answers a longer name with a 500): refused here, as the caller's to fix.
    /// </summary>
    public const int MaxNameLength = 255;

    /// <summary>The manifest reference: the digest when pinned, else the tag.</summary>
    public string Reference => Digest ?? Tag ?? DefaultTag;

    public override string ToString() => $"{Registry}/{Repository}" + (Digest is null ? $":{Tag ?? DefaultTag}" : $"@{Digest}");

    /// <exception cref="FormatException">Says which part of <paramref name="text"/> is wrong.</exception>
    public static ArtifactReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text.Trim();
        bool? plainHttp = null;
        foreach (var (scheme, plain) in new[] { ("oci://", (bool?)null), ("http://", true), ("https://", false) })
        {
            if (rest.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                rest = rest[scheme.Length..];
                plainHttp = plain;
                break;
            }
        }

        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            throw new FormatException($"'{text}' is not an artifact reference: expected <registry>/<repository>[:tag|@digest]");
        }

        var registry = rest[..slash];
        var path = rest[(slash + 1)..];
        string? digest = null;
        string? tag = null;
        var at = path.IndexOf('@');
        if (at >= 0)
        {
            digest = path[(at + 1)..];
            path = path[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                throw new FormatException($"'{text}': '{digest}' is not a sha256 digest (sha256:<64 hex digits>)");
            }
        }
        else
        {
            var colon = path.LastIndexOf(':');
            if (colon >= 0)
            {
                tag = path[(colon + 1)..];
                path = path[..colon];
                if (!TagPattern().IsMatch(tag))
                {
                    throw new FormatException($"'{text}': '{tag}' is not a valid tag");
                }
            }
        }

        if (!RepositoryPattern().IsMatch(path))
        {
            throw new FormatException($"'{text}': repository '{path}' is not valid (lowercase letters, digits and separators . _ - /)");
        }

        if (registry.Length + 1 + path.Length > MaxNameLength)
        {
            throw new FormatException($"'{text}': registry and repository are {registry.Length + 1 + path.Length} characters together; at most {MaxNameLength} are allowed");
        }

        return new ArtifactReference(registry, path, tag, digest, plainHttp);
    }

    // OCI distribution spec v1.1 patterns.
    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    internal static partial Regex DigestPattern();
}
