using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Loads a cluster cannot carry, on the simulator with the real Prometheus: the tick sees the replicas that never
/// start, serves as much as the cluster allows and says so (Overloaded, with the numbers), and the re-placement it
/// asks for is sized by the load, so the service moves where the load fits.
/// </summary>
public sealed class OverloadTests
{
    private const string Project = "surge";
    private const string Graph = "surge-demo";

    /// <summary>Two one-core services scaled 10 req/s per replica; surge may grow to 40 replicas.</summary>
    private const string Descriptor = """
        hdaGraph:
          imVersion: 0.4.0
          id: surge-demo
          version: "1.0.0"
          designer: Smo tests
          description: A service whose load outgrows its cluster, and a steady neighbour.
          hdaGraphIntent: { useStaticPlacement: false }
          scalingInterval: 1s
          services:
            - id: surge
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/shop-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {}
              scaling: { alpha: 10, beta: 0, minReplicas: 1, maxReplicas: 40 }
            - id: steady
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/shop-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {}
              scaling: { alpha: 10, beta: 0, minReplicas: 1, maxReplicas: 10 }
        """;

    private static string Scenario(params (string Name, int Cpu)[] clusters) => $$"""
        name: overload
        simulation: { tick: 1s, podStartDelay: 1s, clock: real }
        clusters:
        {{string.Join("\n", clusters.Select(c => $"  - {{name: {c.Name}, region: r-{c.Name}, cpu: {c.Cpu}, memory: 64Gi, nodes: 1, energy: {{pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}}, carbonIntensity: {{type: constant, value: 200}}}}"))}}
        workloads:
          - {service: surge, alpha: 10, load: 10}
          - {service: steady, alpha: 10, load: 5}
        """;

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Pods start in 1 s here: one not ready 3 s after its rollout is Pending.
        ["Smo__Graphs__PodStartDelay"] = "00:00:03",
        ["ClusterInventorySyncSchedule"] = "*/2 * * * * *",
    };

    [Fact]
    public async Task A_load_beyond_the_cluster_is_recorded_as_overloaded_with_the_numbers_then_divided_across_clusters_and_served()
    {
        // The federation: three 12-core clusters; surge's load needs 22 one-core replicas.
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, Settings, scenario: Scenario(("m1", 12), ("m2", 12), ("m3", 12)));
        await DeployAsync(host);
        await host.SetLoadAsync("steady", 25);
        await host.SetLoadAsync("surge", 220);

        // The first tick that sees more load than m1 holds serves what fits and says so, with the numbers.
        static bool Overloaded(JsonElement decision) => decision.GetProperty("status").GetString() == "Overloaded"
            && decision.GetProperty("result").GetProperty("overloads").EnumerateArray().Any(o => o.GetProperty("service").GetString() == "surge");
        var graph = await host.UntilGraphAsync(Graph, g => Decisions(g).Any(Overloaded), "an Overloaded decision", seconds: 90);
        var overloaded = Decisions(graph).First(Overloaded);
        // steady may fall short too while it shares m1 with surge.
        var overload = overloaded.GetProperty("result").GetProperty("overloads").EnumerateArray().Single(o => o.GetProperty("service").GetString() == "surge");
        var needed = overload.GetProperty("neededReplicas").GetInt32();
        var granted = overload.GetProperty("grantedReplicas").GetInt32();
        Assert.True(needed > granted, $"needed {needed} > granted {granted}");
        // Granted within the CPU the decision saw (one cluster's, or the clusters' of a division), one-core replicas.
        var inputs = overloaded.GetProperty("inputs");
        var capacity = inputs.TryGetProperty("cpuCapacity", out var single) ? single.GetDouble()
            : inputs.GetProperty("clusters").EnumerateArray().Sum(c => c.GetProperty("cpuCapacity").GetDouble());
        Assert.True(granted >= 2 && granted <= capacity, $"surge granted {granted} within {capacity} CPU");
        Assert.Equal("cpu", overload.GetProperty("limit").GetString());
        Assert.Contains($"surge needs {needed} replicas, granted {granted} (cpu binds)", overloaded.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The other service is still decided: steady follows its own load (2.5 replicas' worth) to 3 replicas.
        await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "steady") == 3, "steady scales to its load", seconds: 60);

        // No single cluster carries 22 replicas: the re-placement sized by the load divides surge, and the whole load is
        // served — the split written where Karmada reads it, Smo's PropagationPolicy with static weights.
        // (On the way a cluster may keep a replica more than it holds until the new share is ready: make before break.)
        await ControlPlaneHost.UntilAsync(async () => await BindingAsync(host, "surge") is var b
                && b.Count(c => c.Ready > 0) >= 2 && b.Sum(c => c.Ready) >= 22 && b.All(c => c.Ready == c.Scheduled && c.Scheduled <= 12),
            "surge runs 22 ready replicas divided across clusters, none Pending", seconds: 90);
        var binding = await BindingAsync(host, "surge");
        var policy = await PolicyAsync(host, "smo-surge");
        var placement = policy.GetProperty("spec").GetProperty("placement");
        var scheduling = placement.GetProperty("replicaScheduling");
        Assert.Equal("Divided", scheduling.GetProperty("replicaSchedulingType").GetString());
        Assert.Equal("Weighted", scheduling.GetProperty("replicaDivisionPreference").GetString());
        var weights = scheduling.GetProperty("weightPreference").GetProperty("staticWeightList").EnumerateArray()
            .ToDictionary(w => w.GetProperty("targetCluster").GetProperty("clusterNames")[0].GetString()!, w => w.GetProperty("weight").GetInt32());
        Assert.Equal(binding.Where(c => c.Scheduled > 0).ToDictionary(c => c.Cluster, c => c.Scheduled), weights);
        Assert.All(weights.Values, w => Assert.True(w <= 12, "no cluster is given more than its 12 cores"));
        var divided = await host.GraphAsync(Graph);
        Assert.Contains(divided.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "replaced"
            && e.GetProperty("message").GetString()!.Contains("moved surge", StringComparison.Ordinal)
            && e.GetProperty("message").GetString()!.Contains("replicas fit on no single cluster)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_asking_to_be_spread_runs_on_that_many_clusters_from_its_deploy()
    {
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, Settings, scenario: Scenario(("m1", 12), ("m2", 12), ("m3", 12)));
        var descriptor = Descriptor.Replace("scaling: { alpha: 10, beta: 0, minReplicas: 1, maxReplicas: 10 }",
            "scaling: { alpha: 10, beta: 0, minReplicas: 2, maxReplicas: 10, spread: { minClusters: 2 } }", StringComparison.Ordinal);
        await DeployAsync(host, descriptor);

        await ControlPlaneHost.UntilAsync(async () => (await BindingAsync(host, "steady")).Count(c => c.Ready > 0) == 2,
            "steady runs ready replicas on two clusters", seconds: 60);
        var policy = await PolicyAsync(host, "smo-steady");
        Assert.Equal(2, policy.GetProperty("spec").GetProperty("placement").GetProperty("clusterAffinity").GetProperty("clusterNames").GetArrayLength());
        // A what-if shows the division it would keep.
        var whatIf = await (await host.Client.PostAsync($"/graphs/{Graph}/placement?dryRun=true", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, whatIf.GetProperty("divisions").GetProperty("steady").EnumerateObject().Count());

        // Scaled jointly on both: a load of 5 replicas' worth is divided, never dropping to one cluster.
        await host.SetLoadAsync("steady", 45);
        await ControlPlaneHost.UntilAsync(async () => (await BindingAsync(host, "steady")) is var b && b.Sum(c => c.Ready) == 5 && b.Count(c => c.Ready > 0) == 2,
            "steady scales to 5 replicas over two clusters", seconds: 60);
    }

    [Fact]
    public async Task A_re_placement_asked_by_an_overload_is_sized_by_the_load_and_moves_the_service_where_it_fits()
    {
        // "big" is not ready at deploy, so the graph starts on a small cluster; then the load outgrows it.
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, Settings, scenario: Scenario(("small-a", 8), ("small-b", 8), ("big", 24)));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var fault = await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = "big" });
        fault.EnsureSuccessStatusCode();
        var faultId = (await fault.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await ControlPlaneHost.UntilAsync(async () => !await ClusterReadyAsync(host, "big"), "the inventory sees big not ready", seconds: 30);
        await DeployAsync(host);
        var start = (await host.DeploymentsAsync(Project))["surge"];
        Assert.StartsWith("small-", start, StringComparison.Ordinal);
        (await simulator.DeleteAsync($"sim/faults/{faultId}")).EnsureSuccessStatusCode();
        await ControlPlaneHost.UntilAsync(() => ClusterReadyAsync(host, "big"), "the inventory sees big ready again", seconds: 30);

        // 150 req/s: 15 replicas, more than 8 cores carry.
        await host.SetLoadAsync("surge", 150);
        await ControlPlaneHost.UntilAsync(async () => (await host.DeploymentsAsync(Project))["surge"] == "big", "surge moves to big", seconds: 90);
        var served = await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "surge") >= 15, "surge scales to its load on big", seconds: 60);
        await ControlPlaneHost.UntilAsync(async () => (await DeploymentAsync(host, "surge")) is { Ready: >= 15 } d && d.Ready == d.Replicas, "every surge replica is ready", seconds: 30);

        // Each step is recorded with its reason: the overload, the re-placement it asked for, and the move.
        var events = served.GetProperty("events").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(events, e => e.Kind == "overloaded" && e.Message.Contains("Overloaded: surge needs", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "replaced" && e.Message.Contains("moved surge", StringComparison.Ordinal));
    }

    private static async Task DeployAsync(ControlPlaneHost host, string descriptor = Descriptor)
    {
        var deploy = await host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
    }

    private static IEnumerable<JsonElement> Decisions(JsonElement graph) => graph.GetProperty("latestDecisions").EnumerateArray();

    private static async Task<(int Replicas, int Ready)> DeploymentAsync(ControlPlaneHost host, string name)
    {
        using var http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var deployment = await http.GetFromJsonAsync<JsonElement>($"apis/apps/v1/namespaces/{Project}/deployments/{name}");
        var status = deployment.GetProperty("status");
        return (deployment.GetProperty("spec").GetProperty("replicas").GetInt32(),
            status.TryGetProperty("readyReplicas", out var ready) ? ready.GetInt32() : 0);
    }

    /// <summary>Karmada's ResourceBinding of a Deployment: per cluster, the replicas scheduled there and ready there.</summary>
    private static async Task<List<(string Cluster, int Scheduled, int Ready)>> BindingAsync(ControlPlaneHost host, string deployment)
    {
        using var http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        using var response = await http.GetAsync($"apis/work.karmada.io/v1alpha2/namespaces/{Project}/resourcebindings/{deployment}-deployment");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        var binding = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ready = binding.TryGetProperty("status", out var status) && status.TryGetProperty("aggregatedStatus", out var aggregated)
            ? aggregated.EnumerateArray().ToDictionary(
                a => a.GetProperty("clusterName").GetString()!,
                a => a.TryGetProperty("status", out var s) && s.TryGetProperty("readyReplicas", out var r) ? r.GetInt32() : 0)
            : [];
        return binding.GetProperty("spec").TryGetProperty("clusters", out var clusters)
            ? clusters.EnumerateArray().Select(c => (
                c.GetProperty("name").GetString()!,
                c.TryGetProperty("replicas", out var replicas) ? replicas.GetInt32() : 0,
                ready.GetValueOrDefault(c.GetProperty("name").GetString()!))).ToList()
            : [];
    }

    private static async Task<JsonElement> PolicyAsync(ControlPlaneHost host, string name)
    {
        using var http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        return await http.GetFromJsonAsync<JsonElement>($"apis/policy.karmada.io/v1alpha1/namespaces/{Project}/propagationpolicies/{name}");
    }

    private static async Task<bool> ClusterReadyAsync(ControlPlaneHost host, string cluster)
    {
        var clusters = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");
        var list = clusters.ValueKind == JsonValueKind.Array ? clusters : clusters.GetProperty("clusters");
        return list.EnumerateArray().Any(c => c.GetProperty("name").GetString() == cluster && c.GetProperty("ready").GetBoolean());
    }
}
