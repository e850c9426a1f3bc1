using Microsoft.Azure.Functions.Worker;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Http;

/// <summary>
/// Checks the key a request carries against a level: the <c>x-functions-key</c> header, <c>Authorization: Bearer</c>
/// (so keys need not travel in URLs, where logs and browser history keep them) or the <c>code</c> query parameter.
/// </summary>
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

        var presented = Presented(request);
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

    /// <summary>The key a request carries, or null.</summary>
    public static string? Presented(HttpRequest request) =>
        request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 } header ? header
        : Bearer(request) ?? request.Query[QueryName].FirstOrDefault();

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault() is { } value && value.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase)
            ? value[BearerScheme.Length..].Trim() is { Length: > 0 } token ? token : null
            : null;

    private const string BearerScheme = "Bearer ";

    // Constant-time comparison, so response timing does not reveal how much of a key was right.
    private static bool Matches(string presented, string? key) =>
        !string.IsNullOrEmpty(key)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
}
