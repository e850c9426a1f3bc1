using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Oci;

/// <summary>A registry's <c>WWW-Authenticate</c> challenge: <c>Basic realm=…</c> or <c>Bearer realm=…,service=…,scope=…</c>.</summary>
internal sealed partial record RegistryChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public static RegistryChallenge? From(HttpResponseMessage response)
    {
        var header = response.Headers.WwwAuthenticate.FirstOrDefault();
        if (header is null)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in Parameter().Matches(header.Parameter ?? ""))
        {
            parameters[match.Groups["key"].Value] = match.Groups["value"].Value;
        }

        return new RegistryChallenge(header.Scheme, parameters);
    }

    [GeneratedRegex("(?<key>[A-Za-z_]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Parameter();
}

/// <summary>The credential to present to one registry for one scope.</summary>
internal sealed record RegistryCredential(AuthenticationHeaderValue Header, DateTimeOffset ExpiresAt);
