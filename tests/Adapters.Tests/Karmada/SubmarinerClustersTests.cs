using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.Karmada;

/// <summary>Submariner CIDRs from the simulator's broker namespace, one Cluster object per scenario cluster.</summary>
public sealed class SubmarinerClustersTests : IAsyncLifetime
{
    private SimulatedKarmada _broker = null!;

    public async Task InitializeAsync() => _broker = await SimulatedKarmada.StartAsync(new FederationScenario()
        .Cluster("cluster-a", network: new JsonObject { ["podCidr"] = "10.244.0.0/16", ["serviceCidr"] = "10.96.0.0/16" }));

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private ServiceProvider Services(bool enabled) => AdapterServices.Build(AdapterServices.Settings(
        ("Smo:Karmada:Host", _broker.BaseUrl.ToString()), ("Smo:Submariner:Enabled", enabled.ToString())));

    [Fact]
    public async Task ListAsync_reads_the_cidrs_of_every_broker_cluster()
    {
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
        // The broker objects are seeded once and owned by no controller: an edit in the store stays as written.
        _broker.Host.Simulation.Write(state =>
        {
            var cluster = state.Store.Get(ResourceCatalog.SubmarinerClusters, Simulation.SubmarinerBrokerNamespace, "cluster-a")!;
            cluster["spec"]!["cluster_cidr"] = null;
            return state.Store.Update(ResourceCatalog.SubmarinerClusters, cluster);
        });
        await using var services = Services(enabled: true);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<ISubmarinerClusters>().ListAsync());

        Assert.Equal(ExternalSystem.Submariner, failure.System);
        Assert.Contains("cluster cluster-a: spec.cluster_cidr is missing or not a list of strings", failure.Message);
    }

    [Fact]
    public async Task ListAsync_asks_nothing_when_submariner_is_not_enabled()
    {
        var requests = await _broker.CountRequestsAsync();
        await using var services = Services(enabled: false);

        Assert.Empty(await services.GetRequiredService<ISubmarinerClusters>().ListAsync());
        Assert.Equal(0, await _broker.HitsAsync(requests));
    }
}
