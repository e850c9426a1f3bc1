using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Tests.Grafana;
using Smo.Functions.Clusters;
using Smo.Functions.Tests.Infrastructure;
using Smo.Store.Clusters;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// The inventory timer's dashboard step on its own, over the store as syncs leave it: each cluster's dashboard is
/// published the first time the step finds the cluster without one, and only then.
/// </summary>
public sealed class ClusterDashboardsTests
{
    /// <summary>The host's own inventory timer also publishes missing dashboards; left running, it races the step under test.</summary>
    private static readonly (string, string) NoTimerSync = ("ClusterInventorySyncSchedule", "0 0 0 1 1 *");

    [Fact]
    public async Task PublishMissingAsync_publishes_each_cluster_once_and_a_cluster_that_appears_later_at_the_next_run()
    {
        await using var grafana = await FakeGrafana.StartAsync();
        await using var host = StoreHost.Start(GrafanaSettings.For(grafana, NoTimerSync));
        var clusters = host.Factory.Services.GetRequiredService<ClusterStore>();
        await clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);

        var first = await Dashboards(host).PublishMissingAsync();
        var second = await Dashboards(host).PublishMissingAsync();
        await clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b"), Cluster("edge-c")]);
        var third = await Dashboards(host).PublishMissingAsync();

        Assert.Equal((2, 0, 1), (first, second, third));
        Assert.Equal(3, grafana.DashboardsStartingWith("smo-c-").Count);
        Assert.All(grafana.DashboardsStartingWith("smo-c-"), d => Assert.Equal(1, d["version"]!.GetValue<int>()));
        Assert.All(await clusters.ListAsync(), c => Assert.StartsWith(grafana.BaseUrl.AbsoluteUri + "d/smo-c-", c.GrafanaUrl));
    }

    [Fact]
    public async Task PublishMissingAsync_with_grafana_down_asks_once_logs_once_without_grafanas_words_and_the_next_run_publishes()
    {
        await using var grafana = await FakeGrafana.StartAsync();
        await using var host = StoreHost.Start(GrafanaSettings.For(grafana, NoTimerSync));
        var clusters = host.Factory.Services.GetRequiredService<ClusterStore>();
        await clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b"), Cluster("edge-c")]);
        grafana.Unavailable = true;

        var during = await Dashboards(host).PublishMissingAsync();
        var asked = grafana.Requests;
        var stored = await clusters.ListAsync();
        grafana.Unavailable = false;
        var after = await Dashboards(host).PublishMissingAsync();

        Assert.Equal((0, 3), (during, after));
        Assert.Equal(1, asked);
        Assert.All(stored, c => Assert.Null(c.GrafanaUrl));
        var warning = Assert.Single(host.Factory.Logs, l => l.Contains("cluster dashboards published", StringComparison.Ordinal));
        Assert.Contains("0 of 3", warning);
        Assert.Contains("(Unavailable, HTTP 503)", warning);
        Assert.DoesNotContain(FakeGrafana.UnavailableBody, warning);
        Assert.All(await clusters.ListAsync(), c => Assert.NotNull(c.GrafanaUrl));
    }

    [Fact]
    public async Task PublishMissingAsync_without_grafana_configured_publishes_nothing_and_does_not_fail()
    {
        await using var host = StoreHost.Start();
        var clusters = host.Factory.Services.GetRequiredService<ClusterStore>();
        await clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        var published = await Dashboards(host).PublishMissingAsync();

        Assert.Equal(0, published);
        Assert.Null((await clusters.GetAsync("edge-a"))!.GrafanaUrl);
    }

    private static ClusterDashboards Dashboards(StoreHost host) => host.Factory.Services.GetRequiredService<ClusterDashboards>();

    private static ClusterInventoryItem Cluster(string name) => new(name, 8, 6, 32, 24, Gpu: false, Ready: true);
}
