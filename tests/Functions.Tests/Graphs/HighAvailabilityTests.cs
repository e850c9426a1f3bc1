using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A graph with <c>hdaGraphIntent.highAvailability</c>, written as NEPHELE's resilience demo (demo4) is — static
/// placement asked for, no clustersAffinity, so Smo chooses the clusters — on the simulator: it runs on two clusters,
/// and when either fails it keeps serving (a ready replica at every look) while the lost share is replaced on a third
/// cluster, or on the survivor when there is none, and spread again when the cluster returns.
/// </summary>
public sealed class HighAvailabilityTests(ITestOutputHelper output)
{
    private const string Project = "resilience";
    private const string Graph = "critical-demo";
    private const string Service = "critical-service";

    /// <summary>Demo4's shape in Smo's tests' own words: the graph's high availability, static placement, one service without a pin.</summary>
    private const string Descriptor = """
        hdaGraph:
          imVersion: 0.4.0
          id: critical-demo
          version: "0.1.0"
          designer: Smo tests
          description: One critical service Smo keeps on two clusters.
          hdaGraphIntent:
            useStaticPlacement: True
            security: { enabled: False }
            highPerformance: { enabled: False }
            energyEfficiency: { enabled: False }
            highAvailability:
              enabled: True
          services:
            - id: critical-service
              deployment:
                trigger:
                  auto:
                    dependencies: []
                intent:
                  network:
                    deviceProximity: { enabled: False }
                    latencies:
                      - connectionPoint: ""
                        qos: "best-effort"
                  connectionPoints: []
                  compute: { cpu: "small", ram: "small", gpu: { enabled: False }, storage: "small" }
                  coLocation: []
                  metrics: []
              artifact:
                ociImage: "oci://127.0.0.1:5000/smo-demo/critical-service"
                ociConfig: { type: App, implementer: HELM }
                ociRun: { name: HELM, version: v3 }
                valuesOverwrite: {}
        """;

    private static string Scenario(params string[] clusters) => $$"""
        name: resilience
        simulation: { tick: 1s, podStartDelay: 1s, clock: real }
        clusters:
        {{string.Join("\n", clusters.Select(c => $"  - {{name: {c}, region: r-{c}, cpu: 16, memory: 64Gi, nodes: 1, energy: {{pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}}, carbonIntensity: {{type: constant, value: 200}}}}"))}}
        """;

    /// <summary>The inventory timer finds the fault (Karmada's own watch is not what this class tests).</summary>
    private static readonly Dictionary<string, string> Settings = new() { ["ClusterInventorySyncSchedule"] = "*/2 * * * * *" };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Demo4s_shape_runs_on_two_clusters_and_when_either_fails_keeps_serving_and_is_back_on_two(int failing)
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: Settings, scenario: Scenario("m1", "m2", "m3"));
        var accepted = await DeployAsync(host, Descriptor, Graph);
        Assert.Contains(accepted.GetProperty("warnings").EnumerateArray(), w =>
            w.GetString()!.StartsWith("hdaGraph.services[0].artifact.valuesOverwrite: found no clustersAffinity under useStaticPlacement", StringComparison.Ordinal));
        var clusters = await UntilSpreadAsync(host, Service, count: 2);
        var placed = await host.GraphAsync(Graph);
        Assert.Contains("Static placement, but no service has a clustersAffinity: smo-milp places critical-service.",
            placed.GetProperty("latestDecisions").EnumerateArray().Select(d => d.GetProperty("reason").GetString()).First(r => r!.StartsWith("Static", StringComparison.Ordinal)),
            StringComparison.Ordinal);

        var failed = clusters[failing];
        await FailAsync(host, failed);
        await ServedUntilAsync(host, Service, async () => await SpreadOnAsync(host, Service) is { Count: 2 } now && !now.Contains(failed),
            $"{Service} runs ready on two clusters other than {failed}");
        var graph = await host.GraphAsync(Graph);
        Assert.Equal("Running", graph.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Scaling_never_takes_a_highly_available_service_below_a_replica_on_each_of_its_clusters()
    {
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, Settings, scenario: Scenario("m1", "m2", "m3"));
        await DeployAsync(host, Descriptor, Graph);
        await host.SetLoadAsync(Service, 0);

        // A tick that measured the rate (no load: one replica would carry it) decides both clusters' replicas together.
        static bool DecidedFromRate(JsonElement decision) => decision.GetProperty("kind").GetString() == "Scaling"
            && decision.GetProperty("result").TryGetProperty("explanation", out var explained)
            && explained.EnumerateArray().Any(e => e.GetProperty("service").GetString() == Service);
        var graph = await host.UntilGraphAsync(Graph, g => g.GetProperty("latestDecisions").EnumerateArray().Any(DecidedFromRate),
            "a scaling decision from the measured rate", seconds: 90);
        var decided = graph.GetProperty("latestDecisions").EnumerateArray().First(DecidedFromRate).GetProperty("result");
        var shares = decided.GetProperty("replicasByCluster").GetProperty(Service).EnumerateObject().Where(p => p.Value.GetInt32() > 0).ToList();
        Assert.Equal(2, shares.Count);
        Assert.Equal(2, (await UntilSpreadAsync(host, Service, count: 2)).Count);
    }

    [Fact]
    public async Task The_hosts_setting_says_on_how_many_clusters_high_availability_runs_a_service()
    {
        var threeClusters = new Dictionary<string, string>(Settings) { ["Smo__Placement__HighAvailabilityClusters"] = "3" };
        await using var host = await ControlPlaneHost.StartAsync(settings: threeClusters, scenario: Scenario("m1", "m2", "m3"));

        await DeployAsync(host, Descriptor, Graph);

        Assert.Equal(["m1", "m2", "m3"], await UntilSpreadAsync(host, Service, count: 3));
    }

    [Fact]
    public async Task On_two_clusters_the_survivor_carries_the_lost_share_and_the_service_spreads_again_when_the_cluster_returns()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: Settings, scenario: Scenario("m1", "m2"));
        await DeployAsync(host, Descriptor, Graph);
        var clusters = await UntilSpreadAsync(host, Service, count: 2);

        var fault = await FailAsync(host, clusters[1]);
        await ServedUntilAsync(host, Service, async () => (await BindingAsync(host, Service)) is var binding
                && binding.Count(c => c.Ready > 0) == 1 && binding.Single(c => c.Ready > 0).Cluster == clusters[0] && binding.Sum(c => c.Ready) >= 2,
            $"{Service} runs its two replicas on {clusters[0]}");
        var events = (await host.GraphAsync(Graph)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Contains(events, m => m.Contains("critical-service asks for 2 clusters; 1 it may use is ready", StringComparison.Ordinal));

        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        (await simulator.DeleteAsync($"sim/faults/{fault}")).EnsureSuccessStatusCode();
        await ServedUntilAsync(host, Service, async () => await SpreadOnAsync(host, Service) is { Count: 2 }, $"{Service} runs on two clusters again");
    }

    [Fact]
    public async Task NEPHELE_demo4_as_written_deploys_and_runs_on_two_clusters()
    {
        if (DescriptorSeeds.SharedExamples() is not { } shared)
        {
            output.WriteLine("Shared HDAG examples (../shared/hdag-examples) not found: NEPHELE's demo4 itself was NOT deployed.");
            System.Console.Error.WriteLine("WARNING: shared HDAG examples not found; NEPHELE's demo4 itself was not deployed.");
            return;
        }

        var demo4 = await File.ReadAllTextAsync(Path.Combine(shared, "nephele-deploy-demo4-resilience-hdag.yaml"));
        await using var host = await ControlPlaneHost.StartAsync(settings: Settings, scenario: Scenario("m1", "m2", "m3"));
        await DeployAsync(host, demo4, "resilience-critical-graph");

        var clusters = await UntilSpreadAsync(host, "critical-service", count: 2);
        await FailAsync(host, clusters[0]);
        await ServedUntilAsync(host, "critical-service", async () => await SpreadOnAsync(host, "critical-service") is { Count: 2 } now && !now.Contains(clusters[0]),
            $"critical-service runs ready on two clusters other than {clusters[0]}");
    }

    [Fact]
    public async Task Static_placement_pins_the_services_with_a_clustersAffinity_and_the_strategy_places_the_others_around_them()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: Settings, scenario: Scenario("m1", "m2", "m3"));
        var mixed = Descriptor + """

                - id: edge-cache
                  deployment:
                    trigger: { auto: { dependencies: [] } }
                    intent:
                      highAvailability: { enabled: false }
                      compute: { cpu: small, ram: small, storage: small, gpu: { enabled: false } }
                      connectionPoints: [critical-service]
                  artifact:
                    ociImage: oci://127.0.0.1:5000/smo-demo/edge-cache
                    ociConfig: { type: App, implementer: HELM }
                    valuesOverwrite: { clustersAffinity: [m3] }
            """;

        await DeployAsync(host, mixed, Graph);

        await UntilSpreadAsync(host, Service, count: 2);
        Assert.Equal("m3", (await host.DeploymentsAsync(Project))["edge-cache"]);
        var graph = await host.GraphAsync(Graph);
        Assert.Contains(graph.GetProperty("latestDecisions").EnumerateArray(), d => d.GetProperty("reason").GetString()!.StartsWith(
            "Static placement: edge-cache from their clustersAffinity; smo-milp places critical-service, which have none.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_descriptor_the_federation_can_never_place_is_refused_at_deploy_and_at_update_with_the_path_and_nothing_changes()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: Settings, scenario: Scenario("m1", "m2", "m3"));
        var fourClusters = Descriptor.Replace("          compute: {", "          highAvailability: { replicasAcrossClusters: 4 }\n          compute: {", StringComparison.Ordinal);
        var unknownPin = Descriptor.Replace("valuesOverwrite: {}", "valuesOverwrite: { clustersAffinity: [athens] }", StringComparison.Ordinal);

        await RefusedAsync(await Post(host, fourClusters), "hdaGraph.services[0].deployment.intent.highAvailability.replicasAcrossClusters", "found 4 distinct clusters");
        await RefusedAsync(await Post(host, unknownPin), "hdaGraph.services[0].artifact.valuesOverwrite.clustersAffinity", "found 'athens', which is not a cluster of the federation");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode);

        // A graph the federation can place, updated with what it cannot: refused, the running version kept.
        await DeployAsync(host, Descriptor, Graph);
        var update = await host.Client.PutAsync($"/graphs/{Graph}", new StringContent(fourClusters, Encoding.UTF8, "application/yaml"));
        await RefusedAsync(update, "hdaGraph.services[0].deployment.intent.highAvailability.replicasAcrossClusters", "found 4 distinct clusters");
        var versions = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/versions");
        Assert.Equal(1, versions.GetProperty("versions").GetArrayLength());
    }

    private static Task<HttpResponseMessage> Post(ControlPlaneHost host, string descriptor) =>
        host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));

    private static async Task RefusedAsync(HttpResponseMessage response, string where, string why)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(where, problem.GetProperty("where").GetString());
        Assert.StartsWith(why, problem.GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> DeployAsync(ControlPlaneHost host, string descriptor, string graph)
    {
        var deploy = await Post(host, descriptor);
        Assert.True(deploy.StatusCode == HttpStatusCode.Accepted, $"{(int)deploy.StatusCode}: {await deploy.Content.ReadAsStringAsync()}");
        await host.UntilGraphAsync(graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        return await deploy.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The simulator fault that takes a cluster down (Karmada reports it NotReady); returns the fault's id.</summary>
    private static async Task<int> FailAsync(ControlPlaneHost host, string cluster)
    {
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var fault = await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster });
        fault.EnsureSuccessStatusCode();
        return (await fault.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Waits until the service has ready replicas, all of them, on <paramref name="count"/> clusters; returns them by name.</summary>
    private static async Task<List<string>> UntilSpreadAsync(ControlPlaneHost host, string service, int count)
    {
        List<string> clusters = [];
        await ControlPlaneHost.UntilAsync(async () => (clusters = await SpreadOnAsync(host, service)).Count == count,
            $"{service} runs ready on {count} clusters", seconds: 60);
        return clusters;
    }

    /// <summary>
    /// Polls until <paramref name="done"/>, failing if the service has no ready replica at any look on the way: the
    /// Deployment's ready count is what Karmada aggregates from Ready clusters only.
    /// </summary>
    private static async Task ServedUntilAsync(ControlPlaneHost host, string service, Func<Task<bool>> done, string what, int seconds = 90)
    {
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var deployment = await simulator.GetFromJsonAsync<JsonElement>($"apis/apps/v1/namespaces/{Project}/deployments/{service}");
            var ready = deployment.GetProperty("status").TryGetProperty("readyReplicas", out var count) ? count.GetInt32() : 0;
            Assert.True(ready >= 1, $"{service} had no ready replica while failing over: {deployment.GetProperty("status")}; binding {string.Join(", ", await BindingAsync(host, service))}");
            if (await done())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting until {what}.");
    }

    /// <summary>The clusters where every replica Karmada schedules for the service is ready (and at least one is), by name.</summary>
    private static async Task<List<string>> SpreadOnAsync(ControlPlaneHost host, string service) =>
        [.. (await BindingAsync(host, service)).Where(c => c.Scheduled > 0 && c.Ready == c.Scheduled).Select(c => c.Cluster).Order(StringComparer.Ordinal)];

    /// <summary>Karmada's ResourceBinding of the service's Deployment: per cluster, the replicas scheduled there and ready there.</summary>
    private static async Task<List<(string Cluster, int Scheduled, int Ready)>> BindingAsync(ControlPlaneHost host, string service)
    {
        using var http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        using var response = await http.GetAsync($"apis/work.karmada.io/v1alpha2/namespaces/{Project}/resourcebindings/{service}-deployment");
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
            ? [.. clusters.EnumerateArray().Select(c => (
                c.GetProperty("name").GetString()!,
                c.TryGetProperty("replicas", out var replicas) ? replicas.GetInt32() : 0,
                ready.GetValueOrDefault(c.GetProperty("name").GetString()!)))]
            : [];
    }
}
