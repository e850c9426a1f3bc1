using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Nfvcl;

/// <summary>
/// NFVCL on a free loopback port, mounted under a path prefix so a call that forgets the base URL misses it (the
/// original's VIM deletion did). Records every request; its blueprints and topology are set by the test.
/// </summary>
public sealed class NfvclStandIn : IAsyncDisposable
{
    public const string Prefix = "/nfvcl-api";
    private readonly WebApplication _app;
    private int _blueprints;

    private NfvclStandIn(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>"METHOD path?query" of every request, with its JSON body.</summary>
    public ConcurrentQueue<(string Request, JsonNode? Body)> Received { get; } = new();

    public string BlueprintsJson { get; set; } = "[]";

    public string TopologyJson { get; set; } = """{"id":"topology","vims":[]}""";

    /// <summary>When set, topology registration fails with 422 and FastAPI's validation error, which echoes the input.</summary>
    public bool RejectRegistration { get; set; }

    public static async Task<NfvclStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var standIn = new NfvclStandIn(builder.Build());
        standIn.Map(standIn._app);
        await standIn._app.StartAsync();
        var address = standIn._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUrl = new Uri(address.TrimEnd('/') + Prefix + "/");
        return standIn;
    }

    public IReadOnlyList<string> Requests => Received.Select(r => r.Request).ToList();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var body = context.Request.ContentType?.Contains("json") == true ? await JsonNode.ParseAsync(context.Request.Body) : null;
            Received.Enqueue(($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", body));
            await next(context);
        });
        app.MapPost($"{Prefix}/nfvcl/v2/api/blue/k8s", () =>
            Results.Json(new { detail = $"Blueprint BP{Interlocked.Increment(ref _blueprints)} created" }, statusCode: 202));
        app.MapPost($"{Prefix}/nfvcl/v2/api/blue/k8s/add_node", () => Results.Json(new { detail = "Node added" }, statusCode: 202));
        app.MapDelete($"{Prefix}/nfvcl/v2/api/blue/{{id}}", () => Results.Ok());
        app.MapGet($"{Prefix}/nfvcl/v2/api/blue/", () => Results.Text(BlueprintsJson, "application/json"));
        app.MapGet($"{Prefix}/v1/topology/", () => Results.Text(TopologyJson, "application/json"));
        app.MapPost($"{Prefix}/v1/topology", () => RejectRegistration
            ? Results.Json(new { detail = new[] { new { type = "value_error", msg = "VIM unreachable", input = Received.Last().Body } } }, statusCode: 422)
            : Results.Ok());
        app.MapDelete($"{Prefix}/v1/topology/vim/{{name}}", () => Results.Ok());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
