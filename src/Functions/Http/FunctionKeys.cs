using Microsoft.Azure.Functions.Worker;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Http;

/// <summary>Checks the key a request carries (<c>x-functions-key</c> header or <c>code</c> query) against a level.</summary>
public sealed class FunctionKeys(IOptions<FunctionKeyOptions> options)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    public bool Enforced => options.Value.Enforced;

    /// <summary>The 401 for a request without the key the function's level asks for, or null when it may go on: the one key check of every route.</summary>
    public IResult? Refusal(HttpRequest request, string functionName, AuthorizationLevel level) =>
        Allows(request, functionName, level) ? null : Problems.KeyRequired(functionName, level);

    public bool Allows(HttpRequest request, string functionName, AuthorizationLevel level)
    {
        if (level == AuthorizationLevel.Anonymous || !Enforced)
        {
            return true;
        }

        var presented = request.Headers[HeaderName].FirstOrDefault() ?? request.Query[QueryName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var keys = options.Value;
        if (Matches(presented, keys.Master))
        {
            return true;
        }

        return level == AuthorizationLevel.Function
            && (Matches(presented, keys.Default) || Matches(presented, keys.Functions.GetValueOrDefault(functionName)));
    }

    // Constant-time comparison, so response timing does not reveal how much of a key was right.
    private static bool Matches(string presented, string? key) =>
        !string.IsNullOrEmpty(key)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
}
