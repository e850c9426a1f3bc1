using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Tests.Grafana;
using Smo.Store.Events;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Issue 12, point 8 (second part): a graph's dashboards — its own and each service's — are deleted when the graph is
/// removed, as the original did; Grafana being down does not keep the graph, and is recorded as a warning that
/// outlives it.
/// </summary>
public sealed class GraphDashboardRemovalTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task Removing_a_graph_deletes_its_dashboards_and_leaves_the_clusters()
    {
        await using var grafana = await FakeGrafana.StartAsync();
        await using var host = await ControlPlaneHost.StartAsync(settings: GrafanaSettings.For(grafana));
        var published = await DeployAsync(host, grafana);
        await UntilAsync(() => grafana.DashboardsStartingWith("smo-c-").Count == 3, "the inventory timer publishes the cluster dashboards");

        await RemoveAsync(host);

        Assert.Empty(GraphDashboards(grafana));
        Assert.Equal(published.Order(), grafana.Deleted.Order());
        Assert.Equal(3, grafana.DashboardsStartingWith("smo-c-").Count);
    }

    [Fact]
    public async Task Grafana_down_at_removal_is_a_warning_that_outlives_the_graph_and_the_graph_is_removed()
    {
        await using var grafana = await FakeGrafana.StartAsync();
        await using var host = await ControlPlaneHost.StartAsync(settings: GrafanaSettings.For(grafana));
        var published = await DeployAsync(host, grafana);
        grafana.Unavailable = true;

        await RemoveAsync(host);

        var federation = await host.Factory.Services.GetRequiredService<EventLog>().LatestAsync(null, 100);
        var warning = Assert.Single(federation, e => e.Kind == "warning" && e.Message.Contains(Graph, StringComparison.Ordinal));
        Assert.Contains("Grafana: delete dashboard", warning.Message);
        Assert.Contains("Unavailable", warning.Message);
        Assert.DoesNotContain(FakeGrafana.UnavailableBody, warning.Message);
        Assert.Equal(published.Order(), GraphDashboards(grafana).Order());
    }

    /// <summary>Deploys the shop demo and waits until it runs; the uids of the graph's and its services' dashboards.</summary>
    private static async Task<List<string>> DeployAsync(ControlPlaneHost host, FakeGrafana grafana)
    {
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var published = GraphDashboards(grafana);
        Assert.Equal(1 + running.GetProperty("services").GetArrayLength(), published.Count);
        return published;
    }

    private static async Task RemoveAsync(ControlPlaneHost host)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.DeleteAsync($"/graphs/{Graph}")).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "the graph is removed");
            await Task.Delay(250);
        }
    }

    private static List<string> GraphDashboards(FakeGrafana grafana) =>
        [.. grafana.Dashboards.Keys.Where(uid => uid.StartsWith("smo-g-", StringComparison.Ordinal) || uid.StartsWith("smo-s-", StringComparison.Ordinal))];

    private static async Task UntilAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(250);
        }
    }
}
