using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Adapters.Tests.Oci;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;
using Smo.Functions.Tests.Nfvcl;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// The control plane the fuzzer talks to (<see cref="ControlPlaneHost"/> with keys, the webhook's token, NFVCL's
/// stand-in and the OCI registry), with every seed that deploys standing as a sentinel graph in a project of its own,
/// and the playground graph, all settled before the first input.
/// </summary>
public sealed class FuzzHost : IAsyncDisposable
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    private FuzzHost(ControlPlaneHost host, NfvclStandIn nfvcl, NpgsqlDataSource database)
    {
        Host = host;
        Nfvcl = nfvcl;
        Database = database;
        Master = host.Factory.CreateClientWithKey(FunctionsHostFactory.MasterKey);
        // Over a real socket, so Kestrel parses every request as it would a client's. Header values go out as UTF-8
        // bytes (the default refuses non-ASCII before sending); nothing is followed or remembered between requests.
        Client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        })
        {
            BaseAddress = host.Address,
            // A request the host does not answer in this time counts as the host not answering.
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public ControlPlaneHost Host { get; }

    public NfvclStandIn Nfvcl { get; }

    public NpgsqlDataSource Database { get; }

    /// <summary>Holds the master key: for setting up and for snapshots.</summary>
    public HttpClient Master { get; }

    /// <summary>No key of its own: every generated request carries its own credentials.</summary>
    public HttpClient Client { get; }

    public FuzzTargets Targets { get; private set; } = null!;

    public static async Task<FuzzHost> StartAsync(IReadOnlyList<DescriptorSeed> seeds)
    {
        var nfvcl = await NfvclStandIn.StartAsync();
        var repository = $"fuzz/shop-{Guid.NewGuid():N}"[..24];
        var shop = seeds.First(s => s.GraphId == "shop-demo");
        await OciArtifactBuilder.PushAsync(LocalServices.Registry, repository, "1.0.0", OciArtifactBuilder.TarGz(("shop-demo/hdag.yaml", shop.Text)));
        var settings = new Dictionary<string, string>(Credentials.HostSettings)
        {
            ["Smo__Nfvcl__BaseUrl"] = nfvcl.BaseUrl.ToString(),
            ["Smo__Nfvcl__Resilience__MaxRetries"] = "0",
            ["Smo__Nfvcl__Resilience__AttemptTimeout"] = "00:00:02",
            ["Smo__Nfvcl__Resilience__TotalTimeout"] = "00:00:05",
            ["Smo__Oci__PlainHttp"] = "true",
            ["Smo__Oci__Registry"] = LocalServices.Registry.Authority,
            ["Smo__BlobStorage__ConnectionString"] = LocalServices.BlobConnectionString,
            ["Smo__BlobStorage__ArtifactContainer"] = "functions-fuzz",
            // Graphs without a scalingInterval of their own tick hourly: the sentinels stay still between snapshots.
            ["Smo__Graphs__ScalingInterval"] = "01:00:00",
        };
        var fuzz = new FuzzHost(await ControlPlaneHost.StartAsync(settings: settings, listening: true), nfvcl, NpgsqlDataSource.Create(PostgresConnection.String));
        await fuzz.DeployStandingGraphsAsync(seeds, $"{LocalServices.Registry.Authority}/{repository}:1.0.0");
        return fuzz;
    }

    public Task<StateSnapshot> SnapshotAsync() => StateSnapshot.TakeAsync(Host, Master, Database);

    /// <summary>
    /// Each seed that deploys becomes a sentinel in a project of its own (the first that deploys of each graph name); the shop demo
    /// also stands as the playground. Waits until none is still deploying and two snapshots agree.
    /// </summary>
    private async Task DeployStandingGraphsAsync(IReadOnlyList<DescriptorSeed> seeds, string pushedArtifact)
    {
        var sentinels = new Dictionary<string, string>(StringComparer.Ordinal);
        var services = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seed in seeds.Where(s => s.GraphId is not null))
        {
            if (sentinels.ContainsKey(seed.GraphId!))
            {
                continue;
            }

            var project = $"sentinel-{sentinels.Count}";
            if (await DeployAsync(project, seed.Text) == HttpStatusCode.Accepted)
            {
                sentinels[seed.GraphId!] = project;
                services[seed.GraphId!] = seed.Tree["hdaGraph"]!["services"]![0]!["id"]!.GetValue<string>();
            }
        }

        var playground = TreeMutations.Replace(seeds.First(s => s.GraphId == "shop-demo").Tree, ["hdaGraph", "id"], JsonValue.Create(FuzzTargets.Playground));
        var deployed = await DeployAsync(FuzzTargets.PlaygroundProject, DocumentWriter.Yaml(playground));
        Assert.True(deployed == HttpStatusCode.Accepted, $"the playground graph deploys: {deployed}");

        var clusters = (await Master.GetFromJsonAsync<JsonElement>("/clusters")).EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        Targets = new FuzzTargets(seeds, sentinels, services, clusters, LocalServices.Registry.Authority, pushedArtifact);
        await SettleAsync([.. sentinels.Keys, FuzzTargets.Playground]);
    }

    private async Task<HttpStatusCode> DeployAsync(string project, string descriptor) =>
        (await Master.PostAsync($"/project/{project}/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"))).StatusCode;

    private async Task SettleAsync(IReadOnlyList<string> graphs)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            var statuses = new List<string>();
            foreach (var graph in graphs)
            {
                statuses.Add((await Master.GetFromJsonAsync<JsonElement>($"/graphs/{graph}")).GetProperty("status").GetString()!);
            }

            var before = await SnapshotAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var changes = before.ChangesOutside(await SnapshotAsync(), _ => false);
            if (!statuses.Contains("Deploying") && changes.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The standing graphs did not settle in {SettleTimeout}: statuses {string.Join(", ", statuses)}; still changing: {string.Join("; ", changes.Take(10))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Master.Dispose();
        await Database.DisposeAsync();
        await Host.DisposeAsync();
        await Nfvcl.DisposeAsync();
    }
}
