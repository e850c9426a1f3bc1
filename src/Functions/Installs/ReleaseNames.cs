using System.Security.Cryptography;
using System.Text;

namespace Smo.Functions.Installs;

/// <summary>
/// The Helm release of a graph's service: <c>&lt;graph&gt;-&lt;service&gt;</c>, so two graphs of one project never
/// share a release, shortened with a hash of both names when longer than Helm's 53 characters. Derived from the
/// names alone, so it is the same after any restart. The release's description names its owner, which is how a
/// release Smo did not install for this graph is told apart.
/// </summary>
public static class ReleaseNames
{
    public const int MaxLength = 53;

    private const int HashLength = 8;
    private const string OwnerMark = "smo: graph ";

    public static string For(string graph, string service)
    {
        var name = $"{graph}-{service}";
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{graph}/{service}")))[..HashLength];
        return $"{name[..(MaxLength - HashLength - 1)].TrimEnd('-')}-{hash}";
    }

    /// <summary>The description Smo installs the release with (<c>helm --description</c>).</summary>
    public static string Description(string graph, string service) => $"{OwnerMark}{graph}, service {service}";

    /// <summary>Who a release's description says installed it: Smo's graph and service, or the description itself.</summary>
    public static string Owner(string description) => description.StartsWith(OwnerMark, StringComparison.Ordinal)
        ? $"Smo's graph {description[OwnerMark.Length..]}"
        : description.Length == 0 ? "an installer that left no description" : $"another installer (description '{Shortened(description)}')";

    private static string Shortened(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
