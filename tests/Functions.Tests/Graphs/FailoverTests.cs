using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A cluster running a graph fails, on the simulator: whichever path first reads the changed inventory, the running
/// graphs are told, so no read (an operator's what-if) can swallow the change and leave the graph on a dead cluster.
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

    [Fact]
    public async Task Failover_moves_every_service_off_the_failed_cluster_when_a_what_if_reads_the_failure_first()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: NoTimerSync, scenario: Scenario);
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
}
