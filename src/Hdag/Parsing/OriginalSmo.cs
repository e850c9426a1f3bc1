using System.Text.RegularExpressions;

namespace Smo.Hdag.Parsing;

/// <summary>
/// What the original SMO (upstream V1–V3 and the H3NI monorepo) did with descriptor shapes Smo refuses or reads
/// otherwise, in the words a diagnostic gives them: a client moving from it learns why its descriptor fares differently.
/// </summary>
internal static partial class OriginalSmo
{
    /// <summary>Fields the original read with <c>descriptor[key]</c>: absent, it failed with a KeyError (an HTTP 500).</summary>
    private static readonly HashSet<string> ReadWithoutDefault = new(StringComparer.Ordinal)
    {
        "hdaGraph",
        "hdaGraph.id",
        "hdaGraph.services",
        "hdaGraph.services[].id",
        "hdaGraph.services[].deployment",
        "hdaGraph.services[].deployment.trigger",
        "hdaGraph.services[].deployment.trigger.event.events",
        "hdaGraph.services[].deployment.trigger.event.events[].id",
        "hdaGraph.services[].deployment.trigger.event.events[].condition",
        "hdaGraph.services[].deployment.trigger.event.events[].condition.promQuery",
        "hdaGraph.services[].deployment.intent",
        "hdaGraph.services[].deployment.intent.compute",
        "hdaGraph.services[].deployment.intent.compute.cpu",
        "hdaGraph.services[].artifact",
        "hdaGraph.services[].artifact.ociImage",
    };

    /// <summary>The size the H3NI monorepo assumed for a missing <c>ram</c> or <c>storage</c>.</summary>
    public const string MonorepoDefaultSize = "small";

    /// <summary>What the original did with an IM 0.3.0 descriptor: it read the 0.4.0 fields only.</summary>
    public const string ReadOnlyIm040 =
        "the original SMO read IM 0.4.0 only: it failed with KeyError: 'compute' on a 0.3.0 service, and on a string hdaGraphIntent (TypeError)";

    public static string KeyError(string key) => KeyErrorOnQuoted($"'{key}'");

    /// <summary>As <see cref="KeyError"/>, for a key already quoted (and cut) as written in the descriptor.</summary>
    public static string KeyErrorOnQuoted(string quotedKey) => $"the original SMO failed with KeyError: {quotedKey}";

    /// <summary>The note for a missing field the original read without a default; null for any other diagnostic.</summary>
    public static string? OnMissingField(HdagDiagnostic diagnostic) =>
        diagnostic.Found == Field.Missing && ReadWithoutDefault.Contains(Indexless().Replace(diagnostic.Path, "[]"))
            ? KeyError(diagnostic.Path[(diagnostic.Path.LastIndexOf('.') + 1)..])
            : null;

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Indexless();
}
