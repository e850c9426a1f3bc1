using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.Graphs;

/// <summary>smo-original in the control plane: a graph that adopts its scaling decides with it, every 30 s as the original's loop did.</summary>
public sealed class OriginalStrategyTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_graph_that_adopts_smo_original_scaling_decides_with_it_and_then_ticks_every_30_seconds()
    {
        // The descriptor ticks every 5 s; no load watch, so only ticks and the run decide.
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, settings: new Dictionary<string, string> { ["Smo__Graphs__LoadWatchInterval"] = "00:00:00" });
        await host.SetLoadAsync("shop-web", 30);
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var decisions = host.Factory.Services.GetRequiredService<DecisionLog>();

        var run = await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/smo-original", new StringContent("""{"kind": "scaling"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        await ControlPlaneHost.UntilAsync(async () => (await decisions.LatestAsync(Graph, 50)).Any(d => d.Kind == DecisionKind.Scaling && d.Strategy == "smo-original"),
            "a scaling decision by smo-original");
        // The tick already due on the 5 s schedule comes, and sets the next one 30 s after it.
        var ticks = Ticks(await host.GraphAsync(Graph));
        var afterTick = await host.UntilGraphAsync(Graph, g => Ticks(g) > ticks, "one more tick", seconds: 60);

        var status = afterTick.GetProperty("orchestration").GetProperty("customStatus");
        Assert.InRange(status.GetProperty("nextTickAt").GetDateTime().ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(31));
        Assert.Equal("smo-original", afterTick.GetProperty("strategies").GetProperty("scaling").GetString());
    }

    private static int Ticks(System.Text.Json.JsonElement graph) =>
        graph.GetProperty("orchestration").GetProperty("customStatus").GetProperty("ticks").GetInt32();
}
