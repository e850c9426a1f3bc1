using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Smo.Adapters.Karmada;
using Smo.Functions.Clusters;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A cluster running a graph fails, on the simulator: whichever path first reads the changed inventory, the running
/// graphs are told, so no read (an operator's what-if) can swallow the change and leave the graph on a dead cluster;
/// and a graph never told at all (the command lost, the host dead) still leaves it, by its own tick's look at the store.
/// </summary>
public sealed class FailoverTests
{
    internal const string Project = "failover";
    internal const string Graph = "failover-demo";

    internal const string Descriptor = """
        hdaGraph:
          imVersion: 0.4.0
          id: failover-demo
          version: "1.0.0"
          designer: Smo tests
          description: Two services Smo places, to be moved off a failed cluster.
          hdaGraphIntent: { useStaticPlacement: false }
          services:
            - id: front
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/shop-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {}
            - id: back
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/shop-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {}
        """;

    internal const string Scenario = """
        name: failover
        simulation: { tick: 1s, podStartDelay: 1s, clock: real }
        clusters:
          - {name: m1, region: r-m1, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {type: constant, value: 200}}
          - {name: m2, region: r-m2, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {type: constant, value: 200}}
          - {name: m3, region: r-m3, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {type: constant, value: 200}}
        """;

    /// <summary>The timer's sync is pushed out of the test's reach, so only the what-if reads the failure.</summary>
    private static readonly Dictionary<string, string> NoTimerSync = new() { ["ClusterInventorySyncSchedule"] = "0 0 0 1 1 *" };

    /// <summary>Karmada's clusters are not watched either (the watch would see every fault at once): only the path under test can.</summary>
    private static void WithoutClusterWatch(IServiceCollection services) => services.AddSingleton<IClusterWatch>(new SilentClusterWatch());

    [Fact]
    public async Task Failover_moves_every_service_off_the_failed_cluster_when_a_what_if_reads_the_failure_first()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: NoTimerSync, scenario: Scenario, services: WithoutClusterWatch);
        var deploy = await host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(Descriptor, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var failed = (await host.DeploymentsAsync(Project))["front"];
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = failed })).EnsureSuccessStatusCode();
        var whatIf = await host.Client.GetAsync($"/graphs/{Graph}/placement?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, whatIf.StatusCode);

        await ControlPlaneHost.UntilAsync(async () => await HealthyAsync(host, simulator, failed),
            $"every service leaves {failed}, is ready elsewhere, and the graph runs", seconds: 45);
    }

    [Fact]
    public async Task A_failure_synced_into_the_store_by_a_path_that_tells_no_graph_is_recovered_by_the_graphs_own_tick()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: NoTimerSync, scenario: Scenario, services: WithoutClusterWatch);
        await DeployAsync(host);
        var failed = (await host.DeploymentsAsync(Project))["front"];
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = failed })).EnsureSuccessStatusCode();
        // The store learns of the failure, and no InventoryChanged is sent: as when the command is lost.
        var change = await host.Factory.Services.GetRequiredService<InventorySync>().SyncAsync();
        Assert.True(change is { Reshaped: true }, "the sync recorded the failure");

        await ControlPlaneHost.UntilAsync(async () => await HealthyAsync(host, simulator, failed),
            $"every service leaves {failed}, is ready elsewhere, and the graph runs", seconds: 45);
        var replaced = (await host.GraphAsync(Graph)).GetProperty("events").EnumerateArray().First(e => e.GetProperty("kind").GetString() == "replaced");
        Assert.StartsWith($"{failed} is not ready: ", replaced.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_killed_between_the_failure_reaching_the_store_and_the_re_placement_recovers_the_graph_after_its_restart()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: NoTimerSync, scenario: Scenario, services: WithoutClusterWatch);
        await DeployAsync(host);
        var failed = (await host.DeploymentsAsync(Project))["front"];
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = failed })).EnsureSuccessStatusCode();

        // The sync of a host that dies before it tells the graphs, or before the graph acts: the failure is in the
        // store, and with that host gone, nothing will ever report it as a change again.
        await host.RestartAsync(() => MarkNotReadyAsync(host, failed));

        await ControlPlaneHost.UntilAsync(async () => await HealthyAsync(host, simulator, failed),
            $"after the restart every service leaves {failed}, is ready elsewhere, and the graph runs", seconds: 60);
    }

    private static async Task DeployAsync(ControlPlaneHost host)
    {
        var deploy = await host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(Descriptor, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
    }

    /// <summary>What the dead host's sync wrote: the cluster not ready in the store, no one told.</summary>
    private static async Task MarkNotReadyAsync(ControlPlaneHost host, string cluster)
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresConnection.String);
        await using var command = dataSource.CreateCommand($"UPDATE {host.StoreSchema}.clusters SET ready = false, last_synced_at = now() WHERE name = $1");
        command.Parameters.AddWithValue(cluster);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Every service left <paramref name="failed"/> and is ready elsewhere, and the graph runs.</summary>
    internal static async Task<bool> HealthyAsync(ControlPlaneHost host, HttpClient simulator, string failed)
    {
        var placed = await host.DeploymentsAsync(Project);
        if (placed.Count != 2 || placed.Values.Contains(failed))
        {
            return false;
        }

        foreach (var service in placed.Keys)
        {
            var deployment = await simulator.GetFromJsonAsync<JsonElement>($"apis/apps/v1/namespaces/{Project}/deployments/{service}");
            if (!deployment.GetProperty("status").TryGetProperty("readyReplicas", out var ready) || ready.GetInt32() < 1)
            {
                return false;
            }
        }

        var graph = await host.GraphAsync(Graph);
        return graph.GetProperty("status").GetString() == "Running";
    }

    /// <summary>A watch that never reports a change.</summary>
    private sealed class SilentClusterWatch : IClusterWatch
    {
        public async IAsyncEnumerable<ClusterChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
