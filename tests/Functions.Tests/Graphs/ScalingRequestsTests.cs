using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Prometheus;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// What a scaling tick and a load-watch look cost, counted on the simulator (Karmada) and on a pass-through in front
/// of the real Prometheus: for graphs of five services, a tick is one Deployment list and one rate query plus the
/// scale calls, and a look is one rate query for every graph — never one request per service.
/// </summary>
public sealed class ScalingRequestsTests
{
    private const int ServicesPerGraph = 5;

    [Fact]
    public async Task A_tick_lists_the_deployments_once_asks_prometheus_once_and_scales_each_changed_service()
    {
        await using var prometheus = await CountingPrometheus.StartAsync();
        await using var host = await StartAsync(prometheus);
        await DeployAsync(host, "fleet-a");
        // α is 20 req/s per replica: 30 req/s needs a second replica, for every service.
        foreach (var service in Services("fleet-a"))
        {
            await host.SetLoadAsync(service, 30);
        }

        await UntilRatesAsync(host, [.. Services("fleet-a").Select(s => new ScopedService("fleet-a", s))], rate => rate > 25);
        // A tick that read no rate data (Prometheus between scrapes of a fresh target) keeps the replicas: the requests
        // counted are those of the tick that scaled, asked for again until one does.
        JsonElement scaled = default;
        (int Gets, int ObjectGets, int Patches, int Queries) before = default;
        for (var attempt = 1; attempt <= 5 && (attempt == 1 || !Services("fleet-a").All(service => ControlPlaneHost.Replicas(scaled, service) == 2)); attempt++)
        {
            before = (await host.CountSimulatorRequestsAsync("/apis/apps/v1/namespaces/fleet-a/deployments", "GET"),
                await host.CountSimulatorRequestsAsync("/apis/apps/v1/namespaces/fleet-a/deployments/", "GET"),
                await host.CountSimulatorRequestsAsync("/apis/apps/v1/namespaces/fleet-a/deployments/", "PATCH"),
                prometheus.Queries.Count);
            var decided = LoadDecisions(await host.GraphAsync("fleet-a")).Count();
            await host.Factory.Services.GetRequiredService<GraphCommands>().SendAsync(Client(host), "fleet-a", new GraphCommand(GraphCommandKind.ScaleNow), CancellationToken.None);
            scaled = await host.UntilGraphAsync("fleet-a", g => LoadDecisions(g).Count() > decided, "the tick asked for decides");
        }

        var (gets, objectGets, patches, queries) = before;

        Assert.All(Services("fleet-a"), service => Assert.Equal(2, ControlPlaneHost.Replicas(scaled, service)));
        Assert.Equal(0, await host.SimulatorHitsAsync(objectGets));
        Assert.Equal(1, await host.SimulatorHitsAsync(gets));
        Assert.Equal(ServicesPerGraph, await host.SimulatorHitsAsync(patches));
        var query = Assert.Single(prometheus.Queries.Skip(queries));
        Assert.All(Services("fleet-a"), service => Assert.Contains(service, query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_look_asks_prometheus_once_for_every_service_of_every_running_graph()
    {
        await using var prometheus = await CountingPrometheus.StartAsync();
        await using var host = await StartAsync(prometheus);
        await DeployAsync(host, "fleet-a");
        await DeployAsync(host, "fleet-b");
        // One replica carries 20 req/s: 100 req/s overloads one service of each graph.
        await host.SetLoadAsync("fleet-a-svc-1", 100);
        await host.SetLoadAsync("fleet-b-svc-3", 100);
        await UntilRatesAsync(host, [new("fleet-a", "fleet-a-svc-1"), new("fleet-b", "fleet-b-svc-3")], rate => rate > 25);
        var watch = ActivatorUtilities.CreateInstance<LoadWatch>(host.Factory.Services);
        var queries = prometheus.Queries.Count;

        var overloads = await watch.LookAsync();

        Assert.Equal(["fleet-a", "fleet-b"], overloads.Select(o => o.Graph).Order());
        Assert.Equal(["fleet-a-svc-1@1"], overloads.Single(o => o.Graph == "fleet-a").Services);
        var query = Assert.Single(prometheus.Queries.Skip(queries));
        Assert.All(Services("fleet-a").Concat(Services("fleet-b")), service => Assert.Contains(service, query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_graph_on_a_strategy_with_its_own_loop_is_not_watched()
    {
        await using var prometheus = await CountingPrometheus.StartAsync();
        await using var host = await StartAsync(prometheus);
        await DeployAsync(host, "fleet-a");
        await DeployAsync(host, "fleet-b");
        var adopt = await host.Client.PostAsync("/graphs/fleet-b/execute_strategy/smo-original", new StringContent("""{"kind": "scaling"}""", Encoding.UTF8, "application/json"));
        Assert.True(adopt.IsSuccessStatusCode, $"smo-original adopted: {(int)adopt.StatusCode}");
        await host.UntilGraphAsync("fleet-b", g => g.GetProperty("strategies").GetProperty("scaling").GetString() == "smo-original", "fleet-b scales with smo-original");
        await host.SetLoadAsync("fleet-a-svc-1", 100);
        await host.SetLoadAsync("fleet-b-svc-3", 100);
        await UntilRatesAsync(host, [new("fleet-a", "fleet-a-svc-1"), new("fleet-b", "fleet-b-svc-3")], rate => rate > 25);
        var watch = ActivatorUtilities.CreateInstance<LoadWatch>(host.Factory.Services);

        var overloads = await watch.LookAsync();

        // The original had no watch between its 30 s decisions: its graph waits for its tick.
        Assert.Equal(["fleet-a"], overloads.Select(o => o.Graph));
    }

    [Fact]
    public async Task A_standing_overload_is_reported_once_then_again_after_a_rate_window_then_after_twice_as_long()
    {
        await using var prometheus = await CountingPrometheus.StartAsync();
        await using var host = await StartAsync(prometheus);
        await DeployAsync(host, "fleet-a");
        await host.SetLoadAsync("fleet-a-svc-1", 100);
        await UntilRatesAsync(host, [new("fleet-a", "fleet-a-svc-1")], rate => rate > 25);
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        var watch = ActivatorUtilities.CreateInstance<LoadWatch>(host.Factory.Services, clock);

        var window = host.Factory.Services.GetRequiredService<GraphDefaults>().RateWindow;

        var first = await watch.LookAsync();
        var again = await watch.LookAsync();
        clock.Advance(window);
        var renewed = await watch.LookAsync();
        clock.Advance(window);
        var beforeBackoff = await watch.LookAsync();
        clock.Advance(window);
        var afterBackoff = await watch.LookAsync();

        // The decision the first report asked for may have read the rate a moment lower: asked again once it renewed;
        // an overload that still stands is asked again after twice as long each time, not once per window.
        Assert.Equal(["fleet-a"], first.Select(o => o.Graph));
        Assert.Empty(again);
        Assert.Equal(["fleet-a"], renewed.Select(o => o.Graph));
        Assert.Empty(beforeBackoff);
        Assert.Equal(["fleet-a"], afterBackoff.Select(o => o.Graph));
    }

    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>A host whose graphs tick only when told (their interval is ten minutes) and whose own load watch is off.</summary>
    private static Task<ControlPlaneHost> StartAsync(CountingPrometheus prometheus) =>
        ControlPlaneHost.StartAsync(scraped: true, new Dictionary<string, string>
        {
            ["Smo__Prometheus__BaseUrl"] = prometheus.BaseUrl.ToString(),
            ["Smo__Graphs__LoadWatchInterval"] = "00:00:00",
        });

    private static DurableTaskClient Client(ControlPlaneHost host) => host.Factory.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Deploys a graph of five services in a project of its name, and waits until its orchestration idles until the next tick.</summary>
    private static async Task DeployAsync(ControlPlaneHost host, string graph)
    {
        var deploy = await host.Client.PostAsync($"/project/{graph}/graphs", new StringContent(Descriptor(graph), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(graph, g => g.GetProperty("status").GetString() == "Running", $"{graph} runs");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? status = null;
        while (status is null || JsonDocument.Parse(status).RootElement.GetProperty("step").GetString() != "waiting")
        {
            Assert.True(DateTime.UtcNow < deadline, $"{graph} waits for its next tick; last status: {status}");
            await Task.Delay(100);
            status = (await Client(host).GetInstanceAsync(GraphLifecycle.InstanceIdFor(graph), getInputsAndOutputs: true))?.SerializedCustomStatus;
        }
    }

    /// <param name="services">Each in its graph's project, the namespace its metrics carry.</param>
    private static async Task UntilRatesAsync(ControlPlaneHost host, IReadOnlyCollection<ScopedService> services, Func<double, bool> condition)
    {
        var metrics = host.Factory.Services.GetRequiredService<IServiceMetrics>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyDictionary<ScopedService, double> rates = new Dictionary<ScopedService, double>();
        while (DateTime.UtcNow < deadline)
        {
            rates = await metrics.GetRequestRatesAsync(services, TimeSpan.FromSeconds(5));
            if (services.All(s => rates.TryGetValue(s, out var rate) && condition(rate)))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting for the rates of {string.Join(", ", services)}; last seen: {string.Join(", ", rates.Select(r => $"{r.Key}={r.Value}"))}");
    }

    private static List<JsonElement> LoadDecisions(JsonElement graph) =>
        graph.GetProperty("latestDecisions").EnumerateArray()
            .Where(d => d.GetProperty("kind").GetString() == "Scaling" && d.GetProperty("trigger").GetString() == "Load")
            .ToList();

    private static string[] Services(string graph) => [.. Enumerable.Range(1, ServicesPerGraph).Select(i => $"{graph}-svc-{i}")];

    private static string Descriptor(string graph) =>
        $$"""
        hdaGraph:
          imVersion: 0.4.0
          id: {{graph}}
          version: "1.0.0"
          designer: Smo
          description: Five services that scale, and nothing else.
          hdaGraphIntent:
            useStaticPlacement: false
          scalingInterval: 10m
          services:

        """ + string.Concat(Services(graph).Select(service =>
        $$"""
            - id: {{service}}
              deployment:
                trigger:
                  auto:
                    dependencies: []
                intent:
                  compute: { cpu: light, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/{{service}}
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite:
                  resources: { limits: { cpu: "100m" } }
              scaling: { alpha: 20, beta: 0, minReplicas: 1, maxReplicas: 8 }

        """));
}
