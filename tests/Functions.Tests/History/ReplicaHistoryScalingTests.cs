using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Tests.Graphs;

namespace Smo.Functions.Tests.History;

/// <summary>
/// <c>GET /graphs/{name}/replicas</c> after real scaling: the real Prometheus scrapes the simulator's load, the
/// scaling loop scales, and the series shows the placement's replicas, the scale-up on the service's cluster and the
/// load the decisions measured.
/// </summary>
public sealed class ReplicaHistoryScalingTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task The_replica_history_shows_a_scale_up_on_its_cluster_with_the_load_that_asked_for_it()
    {
        await using var host = await ControlPlaneHost.StartAsync(scraped: true);
        await host.SetLoadAsync("shop-web", 10);
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var cluster = running.GetProperty("placement").GetProperty("shop-web").GetString()!;

        // shop-web carries 20 req/s per replica (descriptor α), at most 8 replicas.
        await host.SetLoadAsync("shop-web", 130);
        await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "shop-web") >= 5, "shop-web scales up", seconds: 90);
        var history = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/replicas");

        var web = history.GetProperty("services").GetProperty("shop-web").EnumerateArray().ToList();
        Assert.Equal(("Placement", 1), (web[0].GetProperty("decision").GetString(), web[0].GetProperty("replicas").GetInt32()));
        var scaledUp = web.First(p => p.GetProperty("replicas").GetInt32() >= 5);
        Assert.Equal("Scaling", scaledUp.GetProperty("decision").GetString());
        Assert.Equal(scaledUp.GetProperty("replicas").GetInt32(), scaledUp.GetProperty("clusters").GetProperty(cluster).GetInt32());
        var load = history.GetProperty("load").GetProperty("shop-web").EnumerateArray().ToList();
        Assert.Contains(load, l => l.GetProperty("requestsPerSecond").GetDouble() < 50);
        Assert.Contains(load, l => l.GetProperty("requestsPerSecond").GetDouble() > 80 && l.GetProperty("at").GetDateTimeOffset() <= scaledUp.GetProperty("at").GetDateTimeOffset());
        Assert.False(history.GetProperty("truncated").GetBoolean());

        // A window after the scale-up has no placement in it: its first point is a scaling decision's.
        var since = Uri.EscapeDataString(scaledUp.GetProperty("at").GetDateTimeOffset().AddMilliseconds(1).ToString("O"));
        JsonElement later = default;
        await ControlPlaneHost.UntilAsync(async () =>
        {
            later = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/replicas?since={since}");
            return later.GetProperty("services").TryGetProperty("shop-web", out _);
        }, "a scaling tick after the scale-up");
        Assert.All(later.GetProperty("services").GetProperty("shop-web").EnumerateArray(), p => Assert.Equal("Scaling", p.GetProperty("decision").GetString()));
    }
}
