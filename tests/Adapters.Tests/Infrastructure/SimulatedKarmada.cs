using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Smo.Simulator.Hosting;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// The simulator as the Kubernetes/Karmada API server of an adapter test: started on a <see cref="FederationScenario"/>,
/// with faults posted to <c>/sim/faults</c> and the twin's object store read (and, for malformed answers, written) directly.
/// </summary>
public sealed class SimulatedKarmada : IAsyncDisposable
{
    private const string KarmadaClusters = "/apis/cluster.karmada.io";

    private readonly HttpClient _control;

    private SimulatedKarmada(SimulatorHost host)
    {
        Host = host;
        _control = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public SimulatorHost Host { get; }

    public Uri BaseUrl => Host.BaseAddress;

    public static async Task<SimulatedKarmada> StartAsync(FederationScenario scenario) => new(await SimulatorHost.StartAsync(scenario.Build()));

    /// <summary>Posts a fault to /sim/faults and returns its id.</summary>
    public async Task<int> InjectAsync(JsonObject fault)
    {
        using var response = await _control.PostAsJsonAsync("sim/faults", fault);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
    }

    /// <summary>Posts an apiError fault on the Karmada clusters API.</summary>
    public Task<int> FailClusterListAsync(int status, int? count = null)
    {
        var fault = new JsonObject { ["type"] = "apiError", ["status"] = status, ["paths"] = new JsonArray(KarmadaClusters) };
        if (count is not null)
        {
            fault["count"] = count;
        }

        return InjectAsync(fault);
    }

    /// <summary>How many requests a fault has hit so far.</summary>
    public async Task<int> HitsAsync(int fault)
    {
        var faults = await _control.GetFromJsonAsync<JsonArray>("sim/faults");
        return faults!.Single(f => f!["id"]!.GetValue<int>() == fault)!["hits"]!.GetValue<int>();
    }

    /// <summary>
    /// Starts counting the requests under <paramref name="pathPrefix"/> (the whole Kubernetes API by default): a
    /// 1 ms latency fault changes nothing else, and its hits are the count. Read it with <see cref="HitsAsync"/>.
    /// </summary>
    public Task<int> CountRequestsAsync(string pathPrefix = "/api", string? method = null) => InjectAsync(new JsonObject
    {
        ["type"] = "latency", ["delay"] = "1ms", ["paths"] = new JsonArray(pathPrefix),
        ["methods"] = method is null ? new JsonArray() : new JsonArray(method),
    });

    /// <summary>The object as the twin stores it now.</summary>
    public JsonObject Stored(ResourceDefinition type, string? ns, string name) =>
        Host.Simulation.Read(state => state.Store.Get(type, ns, name)) ?? throw new InvalidOperationException($"no {type.Kind} {ns}/{name} in the simulator");

    /// <summary>
    /// Stores a copy of <paramref name="likeCluster"/>'s Karmada Cluster object, edited, straight into the twin's
    /// store: no validation and no controller owns it, so the API serves it as written — how a test gets a malformed answer.
    /// </summary>
    public void StoreEditedClusterCopy(string likeCluster, Action<JsonObject> edit)
    {
        var copy = Stored(ResourceCatalog.KarmadaClusters, null, likeCluster);
        edit(copy);
        Host.Simulation.Write(state => state.Store.Create(ResourceCatalog.KarmadaClusters, copy));
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await Host.DisposeAsync();
    }
}
