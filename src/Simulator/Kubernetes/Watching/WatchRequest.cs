using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Smo.Simulator.Kubernetes.Watching;

/// <summary>
/// A watch the apiserver has decoded: the list's selectors, where to start, whether to send bookmarks, and how long
/// the stream lives.
/// </summary>
/// <param name="After">Send the changes after this resourceVersion; null (absent or "0") = first an ADDED per current object.</param>
/// <param name="Timeout">The stream ends after this; the apiserver's default when the client gives none.</param>
public sealed record WatchRequest(ListRequest Filter, long? After, bool Bookmarks, TimeSpan Timeout)
{
    /// <summary>The apiserver's <c>--min-request-timeout</c> default: a watch without <c>timeoutSeconds</c> lives 1–2 times this.</summary>
    public static readonly TimeSpan MinRequestTimeout = TimeSpan.FromMinutes(30);

    /// <summary>No stream outlives this, whatever <c>timeoutSeconds</c> asks: clients re-watch, and a test host must be able to stop.</summary>
    public static readonly TimeSpan MaxTimeout = 2 * MinRequestTimeout;

    public static bool TryRead(IQueryCollection query, [NotNullWhen(true)] out WatchRequest? request, [NotNullWhen(false)] out ApiResponse? rejection)
    {
        request = null;
        string? Value(string name) => query[name].FirstOrDefault()?.Trim();
        if (!ListRequest.TryRead(query, out var filter, out rejection, watch: true))
        {
            return false;
        }
        if (!ListRequest.TryParseBool(Value("allowWatchBookmarks"), out var bookmarks, out var boolError))
        {
            rejection = StatusObjects.BadRequest(boolError);
            return false;
        }
        var timeout = TimeSpan.FromSeconds(MinRequestTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        if (Value("timeoutSeconds") is { Length: > 0 } seconds)
        {
            if (!long.TryParse(seconds, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                rejection = StatusObjects.BadRequest($"strconv.ParseInt: parsing \"{seconds}\": invalid syntax");
                return false;
            }
            // As the apiserver: zero or negative means "no timeout of yours", so the default applies.
            if (parsed > 0)
            {
                timeout = TimeSpan.FromSeconds(Math.Min(parsed, MaxTimeout.TotalSeconds));
            }
        }
        long? after = null;
        if (Value("resourceVersion") is { Length: > 0 } version && version != "0")
        {
            if (!ulong.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > long.MaxValue)
            {
                rejection = StatusObjects.BadRequest($"resourceVersion: Invalid value: \"{version}\": strconv.ParseUint: parsing \"{version}\": invalid syntax");
                return false;
            }
            after = (long)number;
        }
        request = new WatchRequest(filter, after, bookmarks, timeout);
        return true;
    }
}
