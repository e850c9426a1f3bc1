using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>Crashes and several hosts: a graph still completes its deploy and keeps being driven, and nothing is installed twice.</summary>
public sealed class GraphResilienceTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_host_stopped_mid_deploy_is_replaced_and_the_deploy_completes_with_each_release_installed_once()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        host.Restart();

        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the deploy completes on the new host");
        await AssertInstalledOnceAsync(host, expected: 2);
    }

    [Fact]
    public async Task A_deployment_deleted_behind_smos_back_is_reinstalled_by_the_next_tick_and_the_repair_recorded()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var placed = (await host.DeploymentsAsync("shop"))["shop-web"];

        using var kubernetes = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        (await kubernetes.DeleteAsync("apis/apps/v1/namespaces/shop/deployments/shop-web")).EnsureSuccessStatusCode();
        Assert.DoesNotContain("shop-web", (await host.DeploymentsAsync("shop")).Keys);

        var repaired = await host.UntilGraphAsync(Graph, g => g.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "drift-repaired"),
            "the tick notices and repairs the drift", seconds: 30);
        Assert.Equal(placed, (await host.DeploymentsAsync("shop"))["shop-web"]);
        Assert.Contains("shop-web", repaired.GetProperty("events").EnumerateArray().First(e => e.GetProperty("kind").GetString() == "drift-repaired").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(repaired.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "warning");
    }

    [Fact]
    public async Task Two_hosts_on_one_database_drive_the_graph_without_doing_anything_twice()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        using var second = host.StartAnotherHost();

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var ticks = Ticks(running);
        await host.UntilGraphAsync(Graph, g => Ticks(g) >= ticks + 3, "the loop ticks on, whichever host runs it");

        // Either host answers for the graph, and the alert installs the conditional service once.
        using var secondClient = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await secondClient.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-busy", "image-check")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-busy", "image-check")))).StatusCode);
        // The service is marked Deployed by the install, the "alert" event recorded by the orchestration after it.
        var installed = await host.UntilGraphAsync(Graph, g =>
                g.GetProperty("services").EnumerateArray().Any(s => s.GetProperty("name").GetString() == "image-check" && s.GetProperty("status").GetString() == "Deployed")
                && g.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "alert"),
            "the conditional service is installed and the alert recorded");
        await AssertInstalledOnceAsync(host, expected: 3);
        var events = installed.GetProperty("events").EnumerateArray();
        Assert.Single(events, e => e.GetProperty("kind").GetString() == "deployed");
        Assert.Single(events, e => e.GetProperty("kind").GetString() == "alert");
    }

    [Fact]
    public async Task A_cluster_going_not_ready_makes_running_graphs_check_and_re_place()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var used = running.GetProperty("placement").GetProperty("shop-web").GetString();
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = used })).EnsureSuccessStatusCode();
        // Both the path and the original's trailing-slash form list the clusters (and sync them).
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/clusters/")).StatusCode);
        var clusters = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");
        Assert.False(clusters.EnumerateArray().Single(c => c.GetProperty("name").GetString() == used).GetProperty("ready").GetBoolean());

        // The only GPU cluster is the one that failed, so image-check has nowhere to go: the re-placement is
        // attempted because of the inventory, and its failure is recorded with the reason.
        var replaced = await host.UntilGraphAsync(Graph, g => g.GetProperty("events").EnumerateArray()
            .Any(e => e.GetProperty("message").GetString()!.Contains("Re-placement (Inventory)", StringComparison.Ordinal)), "a re-placement for the inventory");
        Assert.Contains(replaced.GetProperty("latestDecisions").EnumerateArray(), d => d.GetProperty("trigger").GetString() == "Inventory");
    }

    private static long Ticks(JsonElement graph) => graph.GetProperty("orchestration").GetProperty("customStatus").GetProperty("ticks").GetInt64();

    private static async Task AssertInstalledOnceAsync(ControlPlaneHost host, int expected)
    {
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var releases = await simulator.GetFromJsonAsync<JsonElement>("sim/helm/releases");
        Assert.Equal(expected, releases.GetArrayLength());
        Assert.All(releases.EnumerateArray(), r => Assert.Equal("1", r.GetProperty("revision").GetString()));
    }
}
