using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Grafana;

/// <summary>
/// Dashboard uids that cannot collide: a kind prefix, a readable slug and a hash of the full identity (project,
/// graph, service or cluster), within Grafana's limit of 40 characters from <c>[a-zA-Z0-9-_]</c>. The original used
/// the bare name, so two graphs with a service of the same name overwrote each other's dashboard.
/// </summary>
public static partial class DashboardUid
{
    public const int MaxLength = 40;
    private const int HashLength = 10;

    public static string For(DashboardKind kind, params string[] identity)
    {
        if (identity.Length == 0 || identity.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("a dashboard identity needs non-empty parts", nameof(identity));
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{string.Join('\n', identity)}")))[..HashLength];
        var prefix = $"smo-{Letter(kind)}-";
        var slug = Slug(identity[^1]);
        var room = MaxLength - prefix.Length - HashLength - 1;
        if (slug.Length > room)
        {
            slug = slug[..room].TrimEnd('-');
        }

        return slug.Length == 0 ? $"{prefix}{hash}" : $"{prefix}{slug}-{hash}";
    }

    /// <summary>Within Grafana's rules: 1 to 40 characters from <c>[a-zA-Z0-9-_]</c>, so it is safe in a request path too.</summary>
    public static bool IsValid(string? uid) => uid is not null && ValidPattern().IsMatch(uid);

    private static char Letter(DashboardKind kind) => kind switch
    {
        DashboardKind.Graph => 'g',
        DashboardKind.Service => 's',
        DashboardKind.Cluster => 'c',
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            slug.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
        }

        return slug.ToString().Trim('-');
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_-]{1,40}\z")]
    private static partial Regex ValidPattern();
}

public enum DashboardKind
{
    Graph,
    Service,
    Cluster,
}
