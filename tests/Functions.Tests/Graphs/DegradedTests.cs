using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// What Smo may not or cannot move off a failed cluster, on the simulator: a service pinned by static placement moves
/// only within its pin, and with every pinned cluster down the graph is Degraded — which service, where, since when
/// and why — until the cluster returns and the service runs there again; a <c>manual_trigger</c> service waits,
/// Degraded, for the operator's placement call.
/// </summary>
public sealed class DegradedTests
{
    private const string Project = "degraded";

    internal const string Scenario = """
        name: degraded
        simulation: { tick: 1s, podStartDelay: 1s, clock: real }
        clusters:
          - {name: m1, region: r-m1, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {type: constant, value: 200}}
          - {name: m2, region: r-m2, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {type: constant, value: 200}}
          - {name: m3, region: r-m3, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {type: constant, value: 200}}
        """;

    /// <summary>A statically placed graph: <c>front</c> pinned to <paramref name="frontPins"/>, <c>back</c> to m2.</summary>
    internal static string Pinned(string graph, string frontPins) => $$"""
        hdaGraph:
          imVersion: 0.4.0
          id: {{graph}}
          version: "1.0.0"
          designer: Smo tests
          description: Services pinned to clusters by hand.
          hdaGraphIntent: { useStaticPlacement: true }
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
                valuesOverwrite: { clustersAffinity: [{{frontPins}}] }
            - id: back
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/shop-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: { clustersAffinity: [m2] }
        """;

    private const string Manual = """
        hdaGraph:
          imVersion: 0.4.0
          id: manual-demo
          version: "1.0.0"
          designer: Smo tests
          description: A service the operator moves off a failed cluster, beside one Smo moves.
          hdaGraphIntent: { useStaticPlacement: false }
          services:
            - id: front
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: [back]
                  highAvailability: { recoveryPolicy: manual_trigger }
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

    [Fact]
    public async Task A_service_pinned_to_two_clusters_moves_to_the_second_when_the_first_fails_and_nowhere_else()
    {
        await using var host = await ControlPlaneHost.StartAsync(scenario: Scenario);
        await DeployAsync(host, "pinned-two", Pinned("pinned-two", "m1, m3"));
        Assert.Equal(new Dictionary<string, string> { ["front"] = "m1", ["back"] = "m2" }, await host.DeploymentsAsync(Project));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        await FailAsync(simulator, "m1");

        await ControlPlaneHost.UntilAsync(async () => (await host.DeploymentsAsync(Project))["front"] == "m3" && await ReadyAsync(simulator, "front"),
            "front runs on m3, the other cluster of its pin", seconds: 45);
        Assert.Equal("m2", (await host.DeploymentsAsync(Project))["back"]);
        var graph = await host.GraphAsync("pinned-two");
        Assert.Equal("Running", graph.GetProperty("status").GetString());
        Assert.Empty(graph.GetProperty("degraded").EnumerateArray());
    }

    [Fact]
    public async Task With_every_pinned_cluster_down_the_graph_is_degraded_says_why_keeps_ticking_and_recovers_in_place_when_the_cluster_returns()
    {
        const string Graph = "pinned-one";
        await using var host = await ControlPlaneHost.StartAsync(scenario: Scenario);
        await DeployAsync(host, Graph, Pinned(Graph, "m1"));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        var fault = await FailAsync(simulator, "m1");

        var degraded = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Degraded", "the graph is degraded", seconds: 45);
        var held = Assert.Single(degraded.GetProperty("degraded").EnumerateArray());
        Assert.Equal("front", held.GetProperty("service").GetString());
        Assert.Equal("m1", held.GetProperty("cluster").GetString());
        Assert.True(held.GetProperty("since").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-2));
        Assert.Contains("pinned to m1 (clustersAffinity)", held.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var said = Assert.Single(Events(degraded, "degraded"));
        Assert.Contains("front is out of service on m1", said, StringComparison.Ordinal);

        // The loop runs on, and does not re-place again tick after tick: nothing has changed that could move front.
        var replacements = Events(degraded, "replaced").Count;
        var ticks = Ticks(degraded);
        var later = await host.UntilGraphAsync(Graph, g => Ticks(g) >= ticks + 4, "four more ticks");
        Assert.Equal("Degraded", later.GetProperty("status").GetString());
        Assert.Equal(replacements, Events(later, "replaced").Count);
        Assert.Single(Events(later, "degraded"));
        Assert.Equal(held.GetProperty("since").GetDateTimeOffset(), Assert.Single(later.GetProperty("degraded").EnumerateArray()).GetProperty("since").GetDateTimeOffset());
        Assert.Equal(new Dictionary<string, string> { ["front"] = "m1", ["back"] = "m2" }, await host.DeploymentsAsync(Project));
        Assert.False(await ReadyAsync(simulator, "front"), "front has no ready replica on the failed cluster");

        (await simulator.DeleteAsync($"sim/faults/{fault}")).EnsureSuccessStatusCode();

        var recovered = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs again", seconds: 45);
        Assert.Empty(recovered.GetProperty("degraded").EnumerateArray());
        Assert.Contains("front runs again on m1: the cluster is available again (recovered in place). The graph is Running again.",
            Assert.Single(Events(recovered, "recovered")), StringComparison.Ordinal);
        await ControlPlaneHost.UntilAsync(() => ReadyAsync(simulator, "front"), "front is ready on m1 again");
        Assert.Equal("m1", (await host.DeploymentsAsync(Project))["front"]);
    }

    [Fact]
    public async Task A_degraded_graph_is_still_told_of_inventory_changes_so_a_second_failure_moves_at_once_what_may_move()
    {
        const string Graph = "pinned-told";
        // Ticks an hour apart: whatever moves here moves because the graph was told.
        var settings = new Dictionary<string, string> { ["Smo__Graphs__ScalingInterval"] = "01:00:00" };
        await using var host = await ControlPlaneHost.StartAsync(settings: settings, scenario: Scenario);
        await DeployAsync(host, Graph, Pinned(Graph, "m1").Replace("clustersAffinity: [m2]", "clustersAffinity: [m2, m3]", StringComparison.Ordinal));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        await FailAsync(simulator, "m1");
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Degraded", "the graph is degraded", seconds: 45);

        await FailAsync(simulator, "m2");

        await ControlPlaneHost.UntilAsync(async () => (await host.DeploymentsAsync(Project))["back"] == "m3" && await ReadyAsync(simulator, "back"),
            "back moves to m3, the cluster of its pin that is left", seconds: 45);
        var graph = await host.GraphAsync(Graph);
        Assert.Equal("Degraded", graph.GetProperty("status").GetString());
        Assert.Equal("front", Assert.Single(graph.GetProperty("degraded").EnumerateArray()).GetProperty("service").GetString());
    }

    [Fact]
    public async Task A_manual_trigger_service_waits_degraded_on_its_failed_cluster_for_the_operators_placement_call_which_moves_it()
    {
        const string Graph = "manual-demo";
        var settings = new Dictionary<string, string> { ["Smo__Compatibility__GetCommands"] = "true" };
        await using var host = await ControlPlaneHost.StartAsync(settings: settings, scenario: Scenario);
        await DeployAsync(host, Graph, Manual);
        var failed = (await host.DeploymentsAsync(Project))["front"];
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        await FailAsync(simulator, failed);

        var degraded = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Degraded", "the graph is degraded", seconds: 45);
        var held = Assert.Single(degraded.GetProperty("degraded").EnumerateArray());
        Assert.Equal(("front", failed), (held.GetProperty("service").GetString(), held.GetProperty("cluster").GetString()));
        Assert.Contains($"manual_trigger: it waits for the operator's placement call (POST /graphs/{Graph}/placement", held.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("waits for the operator's placement call", Assert.Single(Events(degraded, "degraded")), StringComparison.Ordinal);
        // Automatic recovery moves the others, and the timer's inventory syncs and the ticks leave front where it is.
        await ControlPlaneHost.UntilAsync(async () => (await host.DeploymentsAsync(Project))["back"] != failed && await ReadyAsync(simulator, "back"),
            $"back leaves {failed}", seconds: 45);
        var ticks = Ticks(degraded);
        await host.UntilGraphAsync(Graph, g => Ticks(g) >= ticks + 4, "four more ticks");
        Assert.Equal(failed, (await host.DeploymentsAsync(Project))["front"]);
        Assert.Equal("Degraded", (await host.GraphAsync(Graph)).GetProperty("status").GetString());

        // The original's form of the placement call (GET), as the descriptor's comments say.
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.GetAsync($"/graphs/{Graph}/placement")).StatusCode);

        await ControlPlaneHost.UntilAsync(async () => (await host.DeploymentsAsync(Project))["front"] != failed && await ReadyAsync(simulator, "front"),
            $"front leaves {failed} and is ready elsewhere", seconds: 45);
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs whole again");
        Assert.Contains($"front has left {failed}", Assert.Single(Events(running, "recovered")), StringComparison.Ordinal);
    }

    internal static async Task DeployAsync(ControlPlaneHost host, string graph, string descriptor)
    {
        var deploy = await host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
    }

    /// <summary>Fails a cluster in the simulator; answers the fault's id, to end it.</summary>
    internal static async Task<int> FailAsync(HttpClient simulator, string cluster)
    {
        using var response = await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<bool> ReadyAsync(HttpClient simulator, string service)
    {
        var deployment = await simulator.GetFromJsonAsync<JsonElement>($"apis/apps/v1/namespaces/{Project}/deployments/{service}");
        return deployment.GetProperty("status").TryGetProperty("readyReplicas", out var ready) && ready.GetInt32() >= 1;
    }

    private static List<string> Events(JsonElement graph, string kind) =>
        [.. graph.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == kind).Select(e => e.GetProperty("message").GetString()!)];

    private static long Ticks(JsonElement graph) =>
        graph.GetProperty("orchestration").GetProperty("customStatus").GetProperty("ticks").GetInt64();
}
