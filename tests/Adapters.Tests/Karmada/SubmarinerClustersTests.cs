using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Karmada;

public sealed class SubmarinerClustersTests : IAsyncLifetime
{
    private FakeKubernetes _broker = null!;

    public async Task InitializeAsync() => _broker = await FakeKubernetes.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private ServiceProvider Services(bool enabled) => AdapterServices.Build(AdapterServices.Settings(
        ("Smo:Karmada:Host", _broker.BaseUrl.ToString()), ("Smo:Submariner:Enabled", enabled.ToString())));

    private static JsonObject Cluster(string id, JsonNode? clusterCidr) => new()
    {
        ["apiVersion"] = "submariner.io/v1",
        ["kind"] = "Cluster",
        ["metadata"] = new JsonObject { ["name"] = id, ["namespace"] = "submariner-k8s-broker" },
        ["spec"] = new JsonObject
        {
            ["cluster_id"] = id, ["color_codes"] = new JsonArray("blue"), ["service_cidr"] = new JsonArray("10.96.0.0/16"),
            ["cluster_cidr"] = clusterCidr, ["global_cidr"] = new JsonArray(),
        },
    };

    [Fact]
    public async Task ListAsync_reads_the_cidrs_of_every_broker_cluster()
    {
        _broker.SubmarinerClusters.Add(Cluster("cluster-a", new JsonArray("10.244.0.0/16")));
        await using var services = Services(enabled: true);

        var cluster = Assert.Single(await services.GetRequiredService<ISubmarinerClusters>().ListAsync());

        Assert.Equal("cluster-a", cluster.ClusterId);
        Assert.Equal(["10.244.0.0/16"], cluster.ClusterCidrs);
        Assert.Equal(["10.96.0.0/16"], cluster.ServiceCidrs);
        Assert.Empty(cluster.GlobalCidrs);
    }

    [Fact]
    public async Task ListAsync_refuses_a_cluster_without_its_cidr_lists()
    {
        _broker.SubmarinerClusters.Add(Cluster("cluster-b", null));
        await using var services = Services(enabled: true);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<ISubmarinerClusters>().ListAsync());

        Assert.Equal(ExternalSystem.Submariner, failure.System);
        Assert.Contains("cluster cluster-b: spec.cluster_cidr is missing or not a list of strings", failure.Message);
    }

    [Fact]
    public async Task ListAsync_asks_nothing_when_submariner_is_not_enabled()
    {
        await using var services = Services(enabled: false);

        Assert.Empty(await services.GetRequiredService<ISubmarinerClusters>().ListAsync());
        Assert.Empty(_broker.Requests);
    }
}
