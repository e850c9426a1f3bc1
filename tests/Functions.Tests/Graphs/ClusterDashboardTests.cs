using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Grafana;
using Smo.Adapters.Tests.Grafana;
using Smo.Functions.Clusters;
using Smo.Store.Clusters;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Issue 12, point 8 (second part): the inventory timer publishes a Grafana dashboard for each cluster it finds
/// without one and stores its URL, as the original published one for each new cluster; listing the clusters through
/// the API publishes nothing; Grafana down fails no sync, and a later timer sync publishes.
/// </summary>
public sealed class ClusterDashboardTests
{
    /// <summary>Once a year: the test runs the timer's function itself.</summary>
    private const string Yearly = "0 0 0 1 1 *";

    [Fact]
    public async Task The_timer_sync_publishes_each_clusters_dashboard_once_and_listing_the_clusters_publishes_none()
    {
        await using var grafana = await FakeGrafana.StartAsync();
        await using var host = await ControlPlaneHost.StartAsync(settings: GrafanaSettings.For(grafana, ("ClusterInventorySyncSchedule", Yearly)));
        var listed = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");
        await host.Client.GetFromJsonAsync<JsonElement>("/clusters");
        Assert.Empty(grafana.DashboardsStartingWith("smo-c-"));
        Assert.All(listed.EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("grafanaUrl").ValueKind));

        await RunTimerSyncAsync(host);
        await RunTimerSyncAsync(host);

        var clusters = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");
        var templates = host.Factory.Services.GetRequiredService<DashboardTemplates>();
        Assert.Equal(3, clusters.GetArrayLength());
        Assert.Equal(3, grafana.DashboardsStartingWith("smo-c-").Count);
        foreach (var cluster in clusters.EnumerateArray())
        {
            var name = cluster.GetProperty("name").GetString()!;
            var uid = templates.Cluster(name).Uid;
            Assert.Equal(1, grafana.Dashboards[uid]["version"]!.GetValue<int>());
            Assert.Equal(new Uri(grafana.BaseUrl, $"d/{uid}/{name}").AbsoluteUri, cluster.GetProperty("grafanaUrl").GetString());
        }
    }

    [Fact]
    public async Task Grafana_down_fails_no_timer_sync_and_a_later_timer_sync_publishes()
    {
        await using var grafana = await FakeGrafana.StartAsync();
        grafana.Unavailable = true;
        await using var host = await ControlPlaneHost.StartAsync(settings: GrafanaSettings.For(grafana));
        var clusters = host.Factory.Services.GetRequiredService<ClusterStore>();

        await UntilAsync(() => Task.FromResult(host.Factory.Logs.Any(l => l.Contains("the next inventory timer tries again", StringComparison.Ordinal))),
            "a timer sync meets Grafana down");
        var during = await clusters.ListAsync();
        grafana.Unavailable = false;
        await UntilAsync(async () => (await clusters.ListAsync()).All(c => c.GrafanaUrl is not null), "a later timer sync publishes");

        Assert.Equal(3, during.Count);
        Assert.All(during, c => Assert.Null(c.GrafanaUrl));
        Assert.Equal(3, grafana.DashboardsStartingWith("smo-c-").Count);
        Assert.DoesNotContain(host.Factory.Logs, l => l.Contains(FakeGrafana.UnavailableBody, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Factory.Errors, e => e.Message.Contains(ClusterFunctions.SyncName, StringComparison.Ordinal));
    }

    private static async Task RunTimerSyncAsync(ControlPlaneHost host)
    {
        var functions = ActivatorUtilities.CreateInstance<ClusterFunctions>(host.Factory.Services);
        await functions.Sync(new TimerInfo(), host.Factory.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(250);
        }
    }
}
