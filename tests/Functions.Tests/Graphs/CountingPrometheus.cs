using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// The real Prometheus behind a pass-through on a free loopback port that records every instant query the host
/// asks: how a test counts what a tick or a look costs.
/// </summary>
public sealed class CountingPrometheus : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _prometheus = new() { BaseAddress = LocalServices.Prometheus };

    private CountingPrometheus(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The PromQL of every query, in arrival order.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    public static async Task<CountingPrometheus> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var counting = new CountingPrometheus(builder.Build());
        counting._app.MapPost("/api/v1/query", counting.QueryAsync);
        counting._app.MapPost("/-/reload", counting.ReloadAsync);
        await counting._app.StartAsync();
        var address = counting._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        counting.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return counting;
    }

    private async Task<IResult> QueryAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        Queries.Enqueue(form["query"].ToString());
        using var answer = await _prometheus.PostAsync("api/v1/query",
            new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value.ToString()))));
        return Results.Text(await answer.Content.ReadAsStringAsync(), "application/json", statusCode: (int)answer.StatusCode);
    }

    private async Task<IResult> ReloadAsync()
    {
        using var answer = await _prometheus.PostAsync("-/reload", content: null);
        return Results.Text(await answer.Content.ReadAsStringAsync(), "text/plain", statusCode: (int)answer.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        _prometheus.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
