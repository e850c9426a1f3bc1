using System.Net.Http.Json;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Issue 12, point 8 (first part): each inventory sync stores the pod and service CIDRs the Submariner broker knows
/// for a cluster (<c>spec.cluster_cidr[0]</c>, <c>spec.service_cidr[0]</c>), as the original's Submariner variant did;
/// a broker that cannot be read leaves them as they were and does not fail the sync.
/// </summary>
public sealed class SubmarinerRangesTests
{
    private const string Broker = "/apis/submariner.io/v1/namespaces/submariner-k8s-broker/clusters";

    private static readonly Dictionary<string, string> WithSubmariner = new() { ["Smo__Submariner__Enabled"] = "true" };

    [Fact]
    public async Task A_sync_stores_each_clusters_pod_and_service_cidr_from_the_broker()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: WithSubmariner);

        var clusters = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");

        var broker = await BrokerRangesAsync(host);
        Assert.NotEmpty(broker);
        foreach (var cluster in clusters.EnumerateArray())
        {
            var name = cluster.GetProperty("name").GetString()!;
            Assert.Equal(broker[name], (cluster.GetProperty("podCidr").GetString(), cluster.GetProperty("serviceCidr").GetString()));
        }
    }

    [Fact]
    public async Task Without_submariner_no_cidr_is_stored()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var clusters = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");

        Assert.All(clusters.EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("podCidr").ValueKind));
    }

    [Fact]
    public async Task A_broker_that_fails_leaves_the_cidrs_as_they_were_and_the_sync_goes_on()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: WithSubmariner);
        var before = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var fault = new { type = "apiError", status = 500, paths = new[] { Broker } };
        (await simulator.PostAsJsonAsync("sim/faults", fault)).EnsureSuccessStatusCode();

        var during = await host.Client.GetAsync("/clusters");

        Assert.True(during.IsSuccessStatusCode, $"the sync answers {(int)during.StatusCode}");
        var after = await during.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Ranges(before), Ranges(after));
        Assert.All(Ranges(after).Values, r => Assert.NotNull(r.Pod));
    }

    private static Dictionary<string, (string? Pod, string? Service)> Ranges(JsonElement clusters) =>
        clusters.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("podCidr").GetString(), c.GetProperty("serviceCidr").GetString()));

    private static async Task<Dictionary<string, (string?, string?)>> BrokerRangesAsync(ControlPlaneHost host)
    {
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var list = await simulator.GetFromJsonAsync<JsonElement>(Broker.TrimStart('/'));
        return list.GetProperty("items").EnumerateArray().ToDictionary(
            c => c.GetProperty("spec").GetProperty("cluster_id").GetString()!,
            c => ((string?)c.GetProperty("spec").GetProperty("cluster_cidr")[0].GetString(), (string?)c.GetProperty("spec").GetProperty("service_cidr")[0].GetString()));
    }
}
