using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Smo.Adapters.Tests.Grafana;

/// <summary>
/// Grafana's <c>POST /api/dashboards/db</c> and <c>DELETE /api/dashboards/uid/{uid}</c> as protocols.md §8 describes
/// them: Basic auth, uid rules, 412 for a same-titled dashboard under another uid or a stale version without
/// overwrite, versions counting up, 404 <c>Dashboard not found</c> for a uid it does not have. While
/// <see cref="Unavailable"/> it answers every request 503, as a Grafana behind a proxy that cannot reach it would.
/// </summary>
public sealed partial class FakeGrafana : IAsyncDisposable
{
    public const string User = "admin";
    public const string Password = "prom-operator";

    /// <summary>What a 503 answer says while <see cref="Unavailable"/>: text Smo must not repeat in what it logs or records.</summary>
    public const string UnavailableBody = "upstream connect error: grafana-7f9c internal detail";

    private Infrastructure.InTestServer _server = null!;
    private int _requests;

    public Uri BaseUrl => _server.BaseUrl;

    public ConcurrentDictionary<string, JsonObject> Dashboards { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>The uids of every delete Grafana carried out, in order (not those answered 404).</summary>
    public ConcurrentQueue<string> Deleted { get; } = new();

    public bool Unavailable { get; set; }

    /// <summary>Every request received, answered or refused.</summary>
    public int Requests => _requests;

    public static async Task<FakeGrafana> StartAsync()
    {
        var grafana = new FakeGrafana();
        grafana._server = await Infrastructure.InTestServer.StartAsync(app =>
        {
            app.MapPost("/api/dashboards/db", (Func<HttpContext, Task<IResult>>)grafana.Save);
            app.MapDelete("/api/dashboards/uid/{uid}", (Func<HttpContext, string, IResult>)grafana.Delete);
        });
        return grafana;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>The dashboards whose uid starts with <paramref name="prefix"/> (<c>smo-c-</c> for clusters, <c>smo-g-</c>/<c>smo-s-</c> for graphs and services).</summary>
    public IReadOnlyList<JsonObject> DashboardsStartingWith(string prefix) =>
        [.. Dashboards.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(d => d.Value)];

    /// <summary>Refuses what Grafana would before looking at the request: no service, no valid credentials.</summary>
    private IResult? Refusal(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Unavailable)
        {
            return Results.Text(UnavailableBody, "text/plain", statusCode: 503);
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        Authorizations.Enqueue(authorization);
        return authorization == "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"))
            ? null
            : Results.Json(new { message = "Invalid username or password", messageId = "password-auth.failed", statusCode = 401 }, statusCode: 401);
    }

    private IResult Delete(HttpContext context, string uid)
    {
        if (Refusal(context) is { } refused)
        {
            return refused;
        }

        if (!Dashboards.TryRemove(uid, out var removed))
        {
            return Results.Json(new { message = "Dashboard not found" }, statusCode: 404);
        }

        Deleted.Enqueue(uid);
        var title = removed["title"]!.GetValue<string>();
        return Results.Json(new { title, message = $"Dashboard {title} deleted", uid });
    }

    private async Task<IResult> Save(HttpContext context)
    {
        if (Refusal(context) is { } refused)
        {
            return refused;
        }

        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var dashboard = body["dashboard"]!.AsObject();
        var title = dashboard["title"]?.GetValue<string>();
        var uid = dashboard["uid"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N")[..9];
        if (string.IsNullOrEmpty(title))
        {
            return Results.Json(new { status = "empty-name", message = "Dashboard title cannot be empty" }, statusCode: 400);
        }

        if (uid.Length > 40)
        {
            return Results.Json(new { message = "uid too long, max 40 characters" }, statusCode: 400);
        }

        if (!UidPattern().IsMatch(uid))
        {
            return Results.Json(new { message = "uid contains illegal characters" }, statusCode: 400);
        }

        if (Dashboards.Values.Any(d => d["title"]!.GetValue<string>() == title && d["uid"]!.GetValue<string>() != uid))
        {
            return Results.Json(new { status = "name-exists", message = "A dashboard with the same name in the folder already exists" }, statusCode: 412);
        }

        var overwrite = body["overwrite"]?.GetValue<bool>() ?? false;
        var version = 1;
        if (Dashboards.TryGetValue(uid, out var stored))
        {
            var storedVersion = stored["version"]!.GetValue<int>();
            if (!overwrite && dashboard["version"]?.GetValue<int>() != storedVersion)
            {
                return Results.Json(new { status = "version-mismatch", message = "The dashboard has been changed by someone else" }, statusCode: 412);
            }

            version = storedVersion + 1;
        }

        dashboard["version"] = version;
        Dashboards[uid] = dashboard;
        var slug = title.ToLowerInvariant().Replace(' ', '-').Replace("/", "");
        return Results.Json(new { id = Dashboards.Count, uid, url = $"/d/{uid}/{slug}", status = "success", version, slug });
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]*$")]
    private static partial Regex UidPattern();
}
