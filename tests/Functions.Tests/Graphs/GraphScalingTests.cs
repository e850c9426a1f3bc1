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
/// The scaling loop on the real Prometheus scraping the simulator: a load rise scales up, the host is killed and
/// restarted mid-loop, a load drop scales back down, a re-placement is decided — and no service is installed twice.
/// </summary>
public sealed class GraphScalingTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task Load_scales_up_and_down_across_a_host_restart_without_reinstalling_anything()
    {
        await using var host = await ControlPlaneHost.StartAsync(scraped: true);
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        await host.SetLoadAsync("shop-web", 10);
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        // shop-web carries 20 req/s per replica (descriptor α), at most 8 replicas.
        await host.SetLoadAsync("shop-web", 130);
        await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "shop-web") >= 5, "shop-web scales up", seconds: 90);

        host.Restart();
        await host.SetLoadAsync("shop-web", 5);
        var calm = await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "shop-web") == 1, "shop-web scales back down after the restart", seconds: 90);
        var scalings = calm.GetProperty("latestDecisions").EnumerateArray().Where(d => d.GetProperty("kind").GetString() == "Scaling").ToList();
        Assert.NotEmpty(scalings);
        Assert.All(scalings, d => Assert.Equal("Optimal", d.GetProperty("status").GetString()));

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/graphs/{Graph}/placement", null)).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("latestDecisions").EnumerateArray().Any(d => d.GetProperty("kind").GetString() == "Replacement"),
            "a re-placement is decided");

        // Each installed release was installed once: the restart repeated no install.
        var releases = await simulator.GetFromJsonAsync<JsonElement>("sim/helm/releases");
        Assert.Equal(2, releases.GetArrayLength());
        Assert.All(releases.EnumerateArray(), r => Assert.Equal("1", r.GetProperty("revision").GetString()));
    }
}
