using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// The cluster returns, on the simulator (3 s pod start): after a failover moved a graph off it, neither the inventory
/// seeing it ready again nor a re-placement asked through the API moves the graph back for nothing (the hysteresis);
/// a move back that pays more than the hysteresis is made, make-before-break — a replica is ready all along.
/// </summary>
public sealed class ClusterReturnTests
{
    private const string Project = "returns";

    private static string Scenario(params string[] clusters) => $$"""
        name: returns
        simulation: { tick: 1s, podStartDelay: 3s, clock: real }
        clusters:
        {{string.Join("\n", clusters.Select(c => $"  - {{name: {c}, region: r-{c}, cpu: 16, memory: 64Gi, nodes: 1, energy: {{pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}}, carbonIntensity: 200}}"))}}
        """;

    private static string Descriptor(string graph, string strategy, params string[] services) => $$"""
        hdaGraph:
          imVersion: 0.4.0
          id: {{graph}}
          version: "1.0.0"
          designer: Smo tests
          description: Services Smo places, moved off a failed cluster that then returns.
          hdaGraphIntent: { useStaticPlacement: false }
          placementStrategy: {{strategy}}
          services:
        {{string.Join("\n", services.Select(Service))}}
        """;

    private static string Service(string id) => $$"""
            - id: {{id}}
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
    public async Task A_cluster_back_after_a_failover_gets_nothing_back_from_the_inventory_or_a_re_placement_through_the_api()
    {
        const string graph = "returns-ff";
        await using var host = await ControlPlaneHost.StartAsync(scenario: Scenario("m1", "m2", "m3"));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        await DeployAsync(host, Descriptor(graph, "first-fit", "front", "back"), graph);
        // first-fit takes the first cluster with room, wherever a service runs: on a re-placement it would go back to m1.
        Assert.Equal(new[] { "m1", "m1" }, (await host.DeploymentsAsync(Project)).Values);

        var fault = await FailAsync(simulator, host, "m1");
        await ControlPlaneHost.UntilAsync(async () => await ServingFromAsync(host, simulator, "m2", "front", "back"), "front and back serve from m2", seconds: 60);
        await ReturnAsync(simulator, host, fault, "m1");
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/graphs/{graph}/placement", null)).StatusCode);

        // The command comes after the inventory's: when the API's re-placement is recorded, the inventory's change was handled.
        var replaced = await host.UntilGraphAsync(graph, g => Events(g).Any(e => e.StartsWith("Re-placement (Api)", StringComparison.Ordinal)), "the API's re-placement is recorded");
        var api = Events(replaced).Single(e => e.StartsWith("Re-placement (Api)", StringComparison.Ordinal));
        Assert.StartsWith("Re-placement (Api): nothing moves.", api, StringComparison.Ordinal);
        Assert.Contains("where they run: moving would not improve the objective", api, StringComparison.Ordinal);
        Assert.Equal(new[] { "m2", "m2" }, (await host.DeploymentsAsync(Project)).Values);
        Assert.True(await ServingFromAsync(host, simulator, "m2", "front", "back"));
    }

    [Fact]
    public async Task A_move_back_that_pays_more_than_the_hysteresis_is_made_with_a_replica_ready_throughout()
    {
        const string graph = "returns-green";
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string>
        {
            // No carbon pull and no carbon-triggered re-placement: only the failover and the API move the graph.
            ["Smo__Carbon__Query"] = "",
            ["Smo__Carbon__ReoptimiseChange"] = "100",
        }, scenario: Scenario("grid-a", "grid-b"));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        await host.Client.GetAsync("/clusters");
        await host.SetCarbonAsync("grid-a", 100);
        await host.SetCarbonAsync("grid-b", 500);
        await DeployAsync(host, Descriptor(graph, "energy-aware", "batch"), graph);
        Assert.Equal("grid-a", (await host.DeploymentsAsync(Project))["batch"]);
        // Carbon weighs far more than a move: back on grid-a is far better than the hysteresis asks.
        (await host.Client.PutAsync($"/graphs/{graph}/weights", new StringContent("""{"carbon": 100000}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var fault = await FailAsync(simulator, host, "grid-a");
        await ControlPlaneHost.UntilAsync(async () => await ServingFromAsync(host, simulator, "grid-b", "batch"), "batch serves from grid-b", seconds: 60);
        await ReturnAsync(simulator, host, fault, "grid-a");

        using var watching = new CancellationTokenSource();
        var readiness = WatchReadyAsync(simulator, "batch", watching.Token);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/graphs/{graph}/placement", null)).StatusCode);
        var replaced = await host.UntilGraphAsync(graph, g => Events(g).Any(e => e.StartsWith("Re-placement (Api)", StringComparison.Ordinal)), "the API's re-placement is recorded");
        await ControlPlaneHost.UntilAsync(async () => await ServingFromAsync(host, simulator, "grid-a", "batch"), "batch serves from grid-a alone", seconds: 60);
        await watching.CancelAsync();
        var ready = await readiness;

        var api = Events(replaced).Single(e => e.StartsWith("Re-placement (Api)", StringComparison.Ordinal));
        Assert.StartsWith("Re-placement (Api): moved batch.", api, StringComparison.Ordinal);
        Assert.Contains("more than the hysteresis (10 %)", api, StringComparison.Ordinal);
        Assert.True(ready.Count > 10, $"the readiness was read {ready.Count} times");
        Assert.True(ready.Min() >= 1, $"batch had no ready replica during its move: {string.Join(" ", ready)}");
        // The move's division is gone: the chart's placement places batch again.
        Assert.Equal(HttpStatusCode.NotFound, (await simulator.GetAsync($"apis/policy.karmada.io/v1alpha1/namespaces/{Project}/propagationpolicies/smo-batch")).StatusCode);
    }

    private static async Task DeployAsync(ControlPlaneHost host, string descriptor, string graph)
    {
        var deploy = await host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
    }

    /// <summary>Takes the cluster down and has the inventory read it (the graphs are told).</summary>
    private static async Task<int> FailAsync(HttpClient simulator, ControlPlaneHost host, string cluster)
    {
        using var added = await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster });
        added.EnsureSuccessStatusCode();
        await host.Client.GetAsync("/clusters");
        return (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Brings the cluster back and waits until the inventory has it ready (the graphs are told).</summary>
    private static async Task ReturnAsync(HttpClient simulator, ControlPlaneHost host, int fault, string cluster)
    {
        (await simulator.DeleteAsync($"sim/faults/{fault}")).EnsureSuccessStatusCode();
        await ControlPlaneHost.UntilAsync(async () => (await host.Client.GetFromJsonAsync<JsonElement>("/clusters")).EnumerateArray()
            .Any(c => c.GetProperty("name").GetString() == cluster && c.GetProperty("ready").GetBoolean()), $"{cluster} is ready again");
    }

    /// <summary>Whether each service is placed on <paramref name="cluster"/>, Karmada schedules it there alone, and a replica there is ready.</summary>
    private static async Task<bool> ServingFromAsync(ControlPlaneHost host, HttpClient simulator, string cluster, params string[] services)
    {
        var placed = await host.DeploymentsAsync(Project);
        foreach (var service in services)
        {
            var binding = await simulator.GetFromJsonAsync<JsonElement>($"apis/work.karmada.io/v1alpha2/namespaces/{Project}/resourcebindings/{service}-deployment");
            var scheduled = binding.GetProperty("spec").GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            if (placed.GetValueOrDefault(service) != cluster || scheduled is not [var only] || only != cluster || await ReadyAsync(simulator, service) < 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The service's ready replicas, read again and again until cancelled (Karmada aggregates them over its clusters).</summary>
    private static async Task<List<int>> WatchReadyAsync(HttpClient simulator, string service, CancellationToken cancellationToken)
    {
        var seen = new List<int>();
        while (!cancellationToken.IsCancellationRequested)
        {
            seen.Add(await ReadyAsync(simulator, service));
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return seen;
    }

    private static async Task<int> ReadyAsync(HttpClient simulator, string service)
    {
        var deployment = await simulator.GetFromJsonAsync<JsonElement>($"apis/apps/v1/namespaces/{Project}/deployments/{service}");
        return deployment.GetProperty("status").TryGetProperty("readyReplicas", out var ready) ? ready.GetInt32() : 0;
    }

    private static List<string> Events(JsonElement graph) =>
        [.. graph.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "replaced").Select(e => e.GetProperty("message").GetString()!)];
}
