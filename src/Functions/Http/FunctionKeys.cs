using Microsoft.Azure.Functions.Worker;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// The 401 for a request without the key the function's level asks for, or null when it may go on: the one key
    /// check of every route. A project-scoped key passes only a <paramref name="projectScoped"/> function, and leaves
    /// its <see cref="ProjectScope"/> on the request for the function to keep to.
    /// </summary>
    public IResult? Refusal(HttpRequest request, string functionName, AuthorizationLevel level, bool projectScoped = false)
    {
        if (Allows(request, functionName, level))
        {
            return null;
        }

        if (level == AuthorizationLevel.Function && ProjectsOf(Presented(request)) is { Count: > 0 } projects)
        {
            if (!projectScoped)
            {
                return Problems.KeyRequired(functionName, level, "a project key opens only the graph routes of its projects");
            }

            new ProjectScope(projects).Attach(request);
            return null;
        }

        return Problems.KeyRequired(functionName, level);
    }

    /// <summary>The projects whose key is <paramref name="presented"/>.</summary>
    private HashSet<string> ProjectsOf(string? presented) =>
        [.. options.Value.Projects.Where(p => Matches(presented, p.Value)).Select(p => p.Key)];

    public bool Allows(HttpRequest request, string functionName, AuthorizationLevel level)
    {
        if (level == AuthorizationLevel.Anonymous || !Enforced)
        {
            return true;
        }

        var presented = Presented(request);
        var keys = options.Value;
        return Matches(presented, keys.Master)
            || (level == AuthorizationLevel.Function
                && (Matches(presented, keys.Default) || Matches(presented, keys.Functions.GetValueOrDefault(functionName))));
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

    /// <summary>Whether the request carries the master key or <paramref name="functionName"/>'s own key (not the default key).</summary>
    public bool AllowsMasterOrOwn(HttpRequest request, string functionName) =>
        Presented(request) is { Length: > 0 } presented
        && (Matches(presented, options.Value.Master) || Matches(presented, options.Value.Functions.GetValueOrDefault(functionName)));

    /// <summary>Constant-time comparison, so response timing does not reveal how much of a key was right.</summary>
    public static bool Matches(string? presented, string? key) =>
        !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(key)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
}
