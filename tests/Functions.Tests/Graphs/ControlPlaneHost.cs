extern alias simulator;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using simulator::Smo.Simulator.Hosting;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Infrastructure;
using Smo.Orchestrations.Graphs;
using simulator::Smo.Simulator.Scenarios;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// The whole control plane in one test: the host on PostgreSQL (its own durable hub and store schema), the
/// simulator as Karmada with the helm stand-in, and the real Prometheus for rule reloads.
/// </summary>
public sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly SchemaCleanup _cleanup;
    private readonly string _directory;
    private readonly object _durableTask;
    private readonly Dictionary<string, string> _values;
    private readonly string? _targetsFile;
    private readonly Action<IServiceCollection>? _services;

    private ControlPlaneHost(
        SimulatorHost simulator, object durableTask, Dictionary<string, string> values, SchemaCleanup cleanup, string directory, string? targetsFile, bool listening,
        Action<IServiceCollection>? services)
    {
        _services = services;
        Simulator = simulator;
        StoreSchema = values["Smo__Store__Schema"];
        _durableTask = durableTask;
        _values = values;
        _cleanup = cleanup;
        _directory = directory;
        _targetsFile = targetsFile;
        Factory = new FunctionsHostFactory(durableTask, values, new { Postgres = PostgresConnection.String }, services: services);
        if (listening)
        {
            Factory.UseKestrel(0);
        }

        Client = Factory.CreateClient();
    }

    /// <summary>Where a real client (a browser) reaches the host; only for a host started with <c>listening: true</c>.</summary>
    public Uri Address => new(Factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    public SimulatorHost Simulator { get; }

    /// <summary>The store's schema in the test database, for tests that read rows directly.</summary>
    public string StoreSchema { get; }

    /// <summary>The durable task hub's schema (<c>durable_&lt;hub&gt;</c>) in the test database.</summary>
    public string DurableSchema { get; private init; } = "";

    public FunctionsHostFactory Factory { get; private set; }

    public HttpClient Client { get; private set; }

    public static string ShopDemo => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shop-demo.yaml"));

    /// <param name="scraped">Register the simulator as a scrape target of the real Prometheus, so rates reach the scaling loop.</param>
    /// <param name="settings">Host settings over the defaults below (environment-variable names, e.g. <c>Smo__Graphs__LoadWatchInterval</c>).</param>
    /// <param name="listening">Serve on a real port (Kestrel) as well, for a browser.</param>
    /// <param name="scenario">The simulated federation (YAML, as the simulator's command line takes it); null = its built-in default.</param>
    /// <param name="services">Services added to the host's own, on every start (a test double of a seam the host resolves).</param>
    public static async Task<ControlPlaneHost> StartAsync(
        bool scraped = false, IReadOnlyDictionary<string, string>? settings = null, bool listening = false, string? scenario = null,
        Action<IServiceCollection>? services = null)
    {
        var simulator = await SimulatorHost.StartAsync(scenario is null ? null : ScenarioParser.Parse(scenario, "test scenario"));
        var directory = Directory.CreateTempSubdirectory("smo-cp-").FullName;
        var kubeconfig = simulator.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var hub = $"cp{suffix}";
        var store = $"smo_cp{suffix}";
        var targetsFile = scraped ? await RegisterTargetAsync(simulator.BaseAddress, suffix) : null;
        var values = new Dictionary<string, string>
        {
            ["Smo__Store__Schema"] = store,
            ["Smo__Karmada__Host"] = simulator.BaseAddress.ToString().TrimEnd('/'),
            ["Smo__Helm__BinaryPath"] = SimulatorHost.HelmStandInPath,
            ["Smo__Helm__KubeconfigPath"] = kubeconfig,
            ["Smo__Helm__PlainHttp"] = "true",
            ["Smo__Prometheus__BaseUrl"] = LocalServices.Prometheus.ToString(),
            ["Smo__Graphs__ScalingInterval"] = "00:00:01",
            ["Smo__Graphs__RateWindow"] = "00:00:05",
            ["ClusterInventorySyncSchedule"] = "*/5 * * * * *",
            // Other tests, the demo or a benchmark may have their own simulators scraped by the same Prometheus.
            ["Smo__Prometheus__RequestRateQuery"] = "sum(rate(flask_http_request_total{service=\"${service}\",job=\"" + Job(suffix) + "\"}[${window}]))by(service)",
            ["Smo__Prometheus__RequestRatesQuery"] = "sum(rate(flask_http_request_total{namespace=~\"${namespaces}\",service=~\"${services}\",job=\"" + Job(suffix) + "\"}[${window}]))by(namespace,service)",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        var durableTask = new { hubName = hub, storageProvider = new { type = "postgres", connectionStringName = "Postgres" } };
        return new ControlPlaneHost(simulator, durableTask, values, new SchemaCleanup($"durable_{hub}", $"functions_{hub}", store), directory, targetsFile, listening, services)
        {
            DurableSchema = $"durable_{hub}",
        };
    }

    /// <summary>Stops the host as a crash would (no graceful drain of the graph orchestrations) and starts a new one on the same database.</summary>
    public void Restart()
    {
        Client.Dispose();
        Factory.Dispose();
        Factory = new FunctionsHostFactory(_durableTask, _values, new { Postgres = PostgresConnection.String }, services: _services);
        Client = Factory.CreateClient();
    }

    /// <summary>
    /// <see cref="Restart"/>, with <paramref name="whileDown"/> done between the crash and the new host's start: what
    /// happened while no host ran (or what a host recorded just before it died) cannot be acted on before the restart.
    /// </summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        Client.Dispose();
        Factory.Dispose();
        await whileDown();
        Factory = new FunctionsHostFactory(_durableTask, _values, new { Postgres = PostgresConnection.String }, services: _services);
        Client = Factory.CreateClient();
    }

    private static string Job(string suffix) => $"functions-tests-{suffix}";

    /// <summary>Another host on the same database and task hub, as a second instance of the app would be.</summary>
    public FunctionsHostFactory StartAnotherHost()
    {
        var other = new FunctionsHostFactory(_durableTask, _values, new { Postgres = PostgresConnection.String });
        other.CreateClient().Dispose();
        return other;
    }

    /// <summary>Writes a file_sd target for the simulator into the directory the real Prometheus watches.</summary>
    private static async Task<string> RegisterTargetAsync(Uri simulator, string suffix)
    {
        var (_, targets) = await LocalServices.PrometheusDirectoriesAsync();
        var file = Path.Combine(targets, $"functions-tests-{suffix}.json");
        await File.WriteAllTextAsync(file, $"[{{\"targets\":[\"{simulator.Authority}\"],\"labels\":{{\"job\":\"{Job(suffix)}\"}}}}]");
        return file;
    }

    /// <summary>Sets the offered load of a service in the simulator, in requests per second.</summary>
    public async Task SetLoadAsync(string service, double rate)
    {
        using var simulator = new HttpClient { BaseAddress = Simulator.BaseAddress };
        (await simulator.PutAsJsonAsync($"sim/load/{service}", new { rate })).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Starts counting the simulator's requests under <paramref name="pathPrefix"/> (of <paramref name="method"/>, or
    /// all): a 1 ms latency fault changes nothing else, and its hits are the count. Read it with <see cref="SimulatorHitsAsync"/>.
    /// </summary>
    public async Task<int> CountSimulatorRequestsAsync(string pathPrefix, string? method = null)
    {
        using var simulator = new HttpClient { BaseAddress = Simulator.BaseAddress };
        var fault = new { type = "latency", delay = "1ms", paths = new[] { pathPrefix }, methods = method is null ? [] : new[] { method } };
        using var response = await simulator.PostAsJsonAsync("sim/faults", fault);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>How many requests a fault of <see cref="CountSimulatorRequestsAsync"/> has counted so far.</summary>
    public async Task<int> SimulatorHitsAsync(int fault)
    {
        using var simulator = new HttpClient { BaseAddress = Simulator.BaseAddress };
        var faults = await simulator.GetFromJsonAsync<JsonElement>("sim/faults");
        return faults.EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == fault).GetProperty("hits").GetInt32();
    }

    /// <summary>Sets a cluster's energy profile through the API (PUE 1.3, 4–12 W per core) with this carbon intensity.</summary>
    public async Task SetCarbonAsync(string cluster, double gramsPerKWh)
    {
        var profile = new { pue = 1.3, idleWattsPerCore = 4, maxWattsPerCore = 12, carbonGramsPerKWh = gramsPerKWh, renewableShare = 0.2, pricePerKWh = 0.2 };
        var put = await Client.PutAsJsonAsync($"/clusters/{cluster}/energy_profile", profile);
        Assert.True(put.IsSuccessStatusCode, $"PUT energy_profile of {cluster}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    /// <summary>The replicas the graph status gives a service.</summary>
    public static int Replicas(JsonElement graph, string service) =>
        graph.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == service).GetProperty("replicas").GetInt32();

    public async Task<JsonElement> GraphAsync(string name) => await Client.GetFromJsonAsync<JsonElement>($"/graphs/{name}");

    /// <summary>Polls the graph until <paramref name="condition"/> holds; fails with the last status seen.</summary>
    public async Task<JsonElement> UntilGraphAsync(string name, Func<JsonElement, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement graph = default;
        while (DateTime.UtcNow < deadline)
        {
            var response = await Client.GetAsync($"/graphs/{name}");
            if (response.IsSuccessStatusCode)
            {
                graph = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (condition(graph))
                {
                    return graph;
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting until {what}. Last status: {graph}");
        return graph;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting until {what}.");
    }

    /// <summary>The simulator's Deployments of a namespace: name → cluster it was placed on.</summary>
    public async Task<Dictionary<string, string>> DeploymentsAsync(string ns)
    {
        using var http = new HttpClient { BaseAddress = Simulator.BaseAddress };
        var list = await http.GetFromJsonAsync<JsonElement>($"apis/apps/v1/namespaces/{ns}/deployments");
        return list.GetProperty("items").EnumerateArray().ToDictionary(
            d => d.GetProperty("metadata").GetProperty("name").GetString()!,
            d => d.GetProperty("metadata").GetProperty("annotations").GetProperty("simulator.smo.io/cluster").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        await Simulator.DisposeAsync();
        await _cleanup.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        if (_targetsFile is not null)
        {
            File.Delete(_targetsFile);
        }
    }
}
