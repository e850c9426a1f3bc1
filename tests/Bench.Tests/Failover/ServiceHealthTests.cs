using Smo.Bench.Failover;
using static Smo.Bench.Tests.Failover.FederationStates;

namespace Smo.Bench.Tests.Failover;

/// <summary>How a round judges a service on the simulator's state: recovered, settled, lost, doubled.</summary>
public sealed class ServiceHealthTests
{
    [Fact]
    public void A_service_whose_replicas_are_all_ready_on_a_ready_cluster_is_recovered_and_settled()
    {
        var state = State([Deployment("api", 2, null, ("m2", 2, 2)), Deployment("web", 2, null, ("m2", 2, 2))]);

        var health = ServiceHealth.Of(Graph, state, Asked("m2"));

        Assert.All(health, s => Assert.True(s.Recovered && s.Settled && !s.Lost && !s.Doubled, s.ToString()));
    }

    [Fact]
    public void Replicas_on_a_not_ready_cluster_do_not_count_and_a_service_with_none_elsewhere_is_lost()
    {
        // The simulator keeps a NotReady cluster's pods not ready; a share reported ready there must not count either.
        var state = State([Deployment("api", 2, null, ("m1", 2, 2)), Deployment("web", 2, null, ("m2", 2, 2))], notReady: ["m1"]);

        var health = ServiceHealth.Of(Graph, state, Asked("m1")).ToDictionary(s => s.Service);

        Assert.False(health["api"].Recovered);
        Assert.True(health["api"].Lost);
        Assert.Equal(2, health["api"].PodsOnUnready);
        Assert.True(health["web"].Recovered);
    }

    [Fact]
    public void Half_the_replicas_ready_serves_but_is_not_recovered()
    {
        var state = State([Deployment("api", 2, "smo-api", ("m1", 1, 0), ("m2", 1, 1)), Deployment("web", 2, null, ("m2", 2, 2))], notReady: ["m1"]);

        var api = ServiceHealth.Of(Graph, state, Asked("m2")).Single(s => s.Service == "api");

        Assert.False(api.Recovered);
        Assert.False(api.Lost);
        Assert.False(api.Settled);
    }

    [Fact]
    public void A_service_without_its_release_or_its_deployment_is_lost()
    {
        var state = State([Deployment("web", 2, null, ("m2", 2, 2))], releasedServices: ["api"]);

        var health = ServiceHealth.Of(Graph, state, Asked("m2")).ToDictionary(s => s.Service);

        Assert.True(health["api"].Lost);
        Assert.False(health["api"].Deployed);
        Assert.True(health["web"].Lost);
        Assert.False(health["web"].Released);
    }

    [Fact]
    public void More_pods_than_asked_or_pods_off_the_placement_are_doubled_but_a_divided_service_is_judged_by_its_count()
    {
        var state = State([
            Deployment("api", 3, null, ("m2", 3, 3)),
            Deployment("web", 2, null, ("m2", 1, 1), ("m3", 1, 1)),
        ]);
        var divided = State([Deployment("api", 2, "smo-api", ("m2", 1, 1), ("m3", 1, 1)), Deployment("web", 2, null, ("m2", 2, 2))]);

        var health = ServiceHealth.Of(Graph, state, Asked("m2")).ToDictionary(s => s.Service);
        var dividedApi = ServiceHealth.Of(Graph, divided, Asked("m2")).Single(s => s.Service == "api");

        Assert.True(health["api"].Doubled);
        Assert.True(health["web"].Doubled);
        Assert.False(dividedApi.Doubled);
        Assert.True(dividedApi.Settled);
    }

    [Fact]
    public void Ready_replicas_by_cluster_count_only_the_graphs_own_deployments()
    {
        var other = Deployment("api", 5, null, ("m3", 5, 5)) with { Namespace = "elsewhere" };
        var state = State([Deployment("api", 2, "smo-api", ("m1", 1, 1), ("m2", 1, 1)), Deployment("web", 2, null, ("m1", 2, 2)), other]);

        var ready = ServiceHealth.ReadyByCluster(Graph, state);

        Assert.Equal(3, ready["m1"]);
        Assert.Equal(1, ready["m2"]);
        Assert.False(ready.ContainsKey("m3"));
    }
}
