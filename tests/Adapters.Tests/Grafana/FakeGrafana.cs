using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Tests.Grafana;

/// <summary>
/// Grafana's <c>POST /api/dashboards/db</c> as protocols.md §8 describes it: Basic auth, uid rules, 412 for a
/// same-titled dashboard under another uid or a stale version without overwrite, versions counting up.
/// </summary>
public sealed partial class FakeGrafana : IAsyncDisposable
{
    public const string User = "admin";
    public const string Password = "prom-operator";

    private Infrastructure.InTestServer _server = null!;

    public Uri BaseUrl => _server.BaseUrl;

    public ConcurrentDictionary<string, JsonObject> Dashboards { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public static async Task<FakeGrafana> StartAsync()
    {
        var grafana = new FakeGrafana();
        grafana._server = await Infrastructure.InTestServer.StartAsync(app => app.MapPost("/api/dashboards/db", (Func<HttpContext, Task<IResult>>)grafana.Save));
        return grafana;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> Save(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        Authorizations.Enqueue(authorization);
        if (authorization != "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}")))
        {
            return Results.Json(new { message = "Invalid username or password", messageId = "password-auth.failed", statusCode = 401 }, statusCode: 401);
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
