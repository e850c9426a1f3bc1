extern alias simulator;

using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Tests.Infrastructure;
using simulator::Smo.Simulator.Hosting;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// The whole control plane in one test: the host on PostgreSQL (its own durable hub and store schema), the
/// simulator as Karmada with the helm stand-in, and the real Prometheus for rule reloads.
/// </summary>
public sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly SchemaCleanup _cleanup;
    private readonly string _directory;

    private ControlPlaneHost(SimulatorHost simulator, FunctionsHostFactory factory, SchemaCleanup cleanup, string directory)
    {
        Simulator = simulator;
        Factory = factory;
        _cleanup = cleanup;
        _directory = directory;
        Client = factory.CreateClient();
    }

    public SimulatorHost Simulator { get; }

    public FunctionsHostFactory Factory { get; }

    public HttpClient Client { get; }

    public static string ShopDemo => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shop-demo.yaml"));

    public static async Task<ControlPlaneHost> StartAsync()
    {
        var simulator = await SimulatorHost.StartAsync();
        var directory = Directory.CreateTempSubdirectory("smo-cp-").FullName;
        var kubeconfig = simulator.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var hub = $"cp{suffix}";
        var store = $"smo_cp{suffix}";
        var factory = new FunctionsHostFactory(
            durableTask: new { hubName = hub, storageProvider = new { type = "postgres", connectionStringName = "Postgres" } },
            values: new Dictionary<string, string>
            {
                ["Smo__Store__Schema"] = store,
                ["Smo__Karmada__Host"] = simulator.BaseAddress.ToString().TrimEnd('/'),
                ["Smo__Helm__BinaryPath"] = SimulatorHost.HelmStandInPath,
                ["Smo__Helm__KubeconfigPath"] = kubeconfig,
                ["Smo__Helm__PlainHttp"] = "true",
                ["Smo__Prometheus__BaseUrl"] = Environment.GetEnvironmentVariable("SMO_PROMETHEUS") ?? "http://127.0.0.1:9090/",
                ["Smo__Graphs__ScalingInterval"] = "00:00:01",
                ["ClusterInventorySyncSchedule"] = "*/5 * * * * *",
            },
            connectionStrings: new { Postgres = PostgresConnection.String });
        return new ControlPlaneHost(simulator, factory, new SchemaCleanup($"durable_{hub}", $"functions_{hub}", store), directory);
    }

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
    }
}
