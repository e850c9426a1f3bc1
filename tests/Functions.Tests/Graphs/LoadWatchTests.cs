using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// The load watch on the real Prometheus scraping the simulator: with scaling ticks ten minutes apart, a load rise
/// is still answered within seconds, by a decision the watch triggered, and by one of two hosts only; a load fall is
/// left to the next tick.
/// </summary>
public sealed class LoadWatchTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_load_rise_is_scaled_up_between_ticks_and_a_fall_waits_for_the_tick()
    {
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, new Dictionary<string, string>
        {
            ["Smo__Graphs__LoadWatchInterval"] = "00:00:00.250",
            ["Smo__Graphs__RateWindow"] = "00:00:03",
        });
        // A second host on the same database: only the holder of the load-watch lease looks.
        using var second = host.StartAnotherHost();
        await host.SetLoadAsync("shop-web", 10);
        var descriptor = ControlPlaneHost.ShopDemo.Replace("scalingInterval: 5s", "scalingInterval: 10m", StringComparison.Ordinal);
        Assert.Contains("scalingInterval: 10m", descriptor, StringComparison.Ordinal);
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        Assert.Empty(LoadDecisions(running));

        // shop-web carries 20 req/s per replica (descriptor α): 130 req/s needs 7.
        await host.SetLoadAsync("shop-web", 130);
        var scaled = await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "shop-web") >= 7, "the load watch scales shop-web up", seconds: 45);
        var decided = LoadDecisions(scaled).Where(d => ReplicasDecided(d, "shop-web") >= 7).ToList();
        Assert.True(decided.Any(d => d.GetProperty("result").GetProperty("decisionLatencyMs") is { ValueKind: JsonValueKind.Number } ms && ms.GetDouble() > 0),
            $"a decision the load watch triggered gave shop-web 7 replicas and tells its latency: {scaled}");

        var watching = new[] { host.Factory, second }.Count(h => h.Logs.Any(line => line.StartsWith($"Load watch: graph {Graph} is overloaded", StringComparison.Ordinal)));
        Assert.Equal(1, watching);

        // Only growth is watched: the fall waits for the next tick, ten minutes away.
        await host.SetLoadAsync("shop-web", 5);
        await Task.Delay(TimeSpan.FromSeconds(6));
        var later = await host.GraphAsync(Graph);
        Assert.Equal(ControlPlaneHost.Replicas(scaled, "shop-web"), ControlPlaneHost.Replicas(later, "shop-web"));
    }

    private static List<JsonElement> LoadDecisions(JsonElement graph) =>
        graph.GetProperty("latestDecisions").EnumerateArray()
            .Where(d => d.GetProperty("kind").GetString() == "Scaling" && d.GetProperty("trigger").GetString() == "Load")
            .ToList();

    private static int ReplicasDecided(JsonElement decision, string service) =>
        decision.GetProperty("result").TryGetProperty("replicas", out var replicas) && replicas.TryGetProperty(service, out var count) ? count.GetInt32() : 0;
}
