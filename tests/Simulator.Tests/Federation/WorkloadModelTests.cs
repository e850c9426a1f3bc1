using Smo.Simulator.Federation;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Federation;

/// <summary>The test scenario: service "web" with α = 10, β = 5; cluster "big" 8 cores, PUE 1.5, 10→20 W/core, 300 g/kWh.</summary>
public sealed class WorkloadModelTests
{
    private static Simulation Start(double webLoad = 30, string podStartDelay = "5s") =>
        new(TestScenarios.Manual(podStartDelay, webLoad), TimeProvider.System);

    [Theory]
    [InlineData(1, 30, 15)]
    [InlineData(2, 30, 25)]
    [InlineData(3, 30, 30)]
    [InlineData(5, 30, 30)]
    public void Served_load_is_offered_capped_at_alpha_times_ready_plus_beta(int replicas, double offered, double served)
    {
        var simulation = Start(offered, podStartDelay: "0s");
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(replicas).Build());

        simulation.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(offered, simulation.Service("web").Offered);
        Assert.Equal(served, simulation.Service("web").Served, precision: 9);
    }

    [Fact]
    public void Served_load_is_zero_until_the_first_replica_is_ready()
    {
        var simulation = Start(podStartDelay: "5s");
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(2).Build());

        simulation.Advance(TimeSpan.FromSeconds(4));
        var before = simulation.Service("web").Served;
        simulation.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, before);
        Assert.Equal(2, simulation.Runtime("web").ReadyReplicas);
        Assert.Equal(25, simulation.Service("web").Served, precision: 9);
    }

    [Fact]
    public void Scaling_up_adds_replicas_that_become_ready_after_the_start_delay()
    {
        var simulation = Start(podStartDelay: "5s");
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(1).Build());
        simulation.Advance(TimeSpan.FromSeconds(5));

        simulation.Scale("web", 3);
        simulation.Advance(TimeSpan.FromSeconds(3));
        var midway = simulation.Runtime("web").ReadyReplicas;
        simulation.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, midway);
        Assert.Equal(3, simulation.Runtime("web").ReadyReplicas);
    }

    [Fact]
    public void Request_counters_integrate_served_and_rejected_load_over_time()
    {
        var simulation = Start(webLoad: 30, podStartDelay: "0s");
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(1).Build());

        simulation.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(150, simulation.Service("web").ServedRequests, precision: 6);
        Assert.Equal(150, simulation.Service("web").RejectedRequests, precision: 6);
    }

    [Fact]
    public void Offered_requests_count_while_no_deployment_takes_them_and_equal_served_plus_rejected_while_one_does()
    {
        var simulation = Start(webLoad: 30, podStartDelay: "0s");

        simulation.Advance(TimeSpan.FromSeconds(4));
        var web = simulation.Service("web");
        var (offeredWhileAbsent, servedWhileAbsent, rejectedWhileAbsent) = (web.OfferedRequests, web.ServedRequests, web.RejectedRequests);
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(1).Build());
        simulation.Advance(TimeSpan.FromSeconds(10));

        // No Deployment for 4 s: 120 requests offered, none served, and flask's counter saw none of them.
        Assert.Equal(120, offeredWhileAbsent, precision: 6);
        Assert.Equal(0, servedWhileAbsent);
        Assert.Equal(0, rejectedWhileAbsent);
        // Then 10 s at α·1 + β = 15 of 30 req/s.
        Assert.Equal(420, web.OfferedRequests, precision: 6);
        Assert.Equal(web.OfferedRequests - offeredWhileAbsent, web.ServedRequests + web.RejectedRequests, precision: 6);
        Assert.Equal(150, web.ServedRequests, precision: 6);
    }

    [Fact]
    public void Idle_cluster_draws_pue_times_idle_watts_for_every_core_and_emits_by_its_carbon_intensity()
    {
        var simulation = Start();

        simulation.Advance(TimeSpan.FromHours(1));

        var big = simulation.Cluster("big");
        Assert.Equal(1.5 * 8 * 10, big.PowerWatts, precision: 9);
        Assert.Equal(120 * 3600, big.EnergyJoules, precision: 3);
        Assert.Equal(0.120 * 300, big.CarbonGrams, precision: 6);
    }

    [Fact]
    public void Busy_replicas_raise_power_by_their_share_of_the_cores()
    {
        var simulation = Start(webLoad: 30, podStartDelay: "0s");
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(4).Cpu("1").Build());

        simulation.Advance(TimeSpan.FromSeconds(1));

        // capacity 10·4 + 5 = 45, served 30: utilisation 2/3 of 4 cores = 8/3 busy cores out of 8.
        var big = simulation.Cluster("big");
        Assert.Equal(1.0 / 3, big.Utilisation, precision: 9);
        Assert.Equal(1.5 * 8 * (10 + (1.0 / 3) * 10), big.PowerWatts, precision: 9);
    }

    [Fact]
    public void Pods_that_do_not_fit_stay_pending_and_never_serve()
    {
        var simulation = Start(podStartDelay: "0s");
        simulation.Deploy(new DeploymentBuilder("web").On("small").Replicas(3).Cpu("1").Build());

        simulation.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, simulation.Runtime("web").ReadyReplicas);
        Assert.Equal(1, simulation.Runtime("web").Pods.Count(p => !p.Scheduled));
        Assert.Equal(2m, simulation.Cluster("small").Allocated.Cpu);
    }

    [Fact]
    public void Deployment_without_placement_is_never_ready()
    {
        var simulation = Start(podStartDelay: "0s");
        simulation.Deploy(new DeploymentBuilder("web").Replicas(2).Build());

        simulation.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, simulation.Runtime("web").ReadyReplicas);
        Assert.Equal(0, simulation.Service("web").Served);
    }

    [Fact]
    public void Load_override_replaces_the_scenario_shape()
    {
        var simulation = Start(webLoad: 30);
        simulation.Write(state => state.LoadOverrides["web"] = 7);

        simulation.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(7, simulation.Service("web").Offered);
    }

    [Fact]
    public void Reset_starts_the_scenario_over()
    {
        var simulation = Start(podStartDelay: "0s");
        simulation.Deploy(new DeploymentBuilder("web").On("big").Build());
        simulation.Advance(TimeSpan.FromSeconds(30));

        simulation.Reset();

        Assert.Empty(simulation.Read(state => state.Deployments));
        Assert.Equal(0, simulation.Cluster("big").EnergyJoules);
        Assert.Equal(TimeSpan.Zero, simulation.Read(state => state.LastStep));
    }

    [Fact]
    public void A_deleted_deployment_stops_serving_at_once_and_one_created_again_serves_after_its_start()
    {
        var simulation = Start(webLoad: 30, podStartDelay: "2s");
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(2).Build());
        simulation.Advance(TimeSpan.FromSeconds(3));
        var servedBefore = simulation.Service("web").Served;

        simulation.Delete("web");
        simulation.Advance(TimeSpan.FromSeconds(1));
        var servedWhileGone = simulation.Service("web").Served;
        var runtimes = simulation.Read(state => state.Deployments.Count);
        simulation.Deploy(new DeploymentBuilder("web").On("big").Replicas(1).Build());
        simulation.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(25, servedBefore, precision: 9);
        Assert.Equal(0, servedWhileGone);
        Assert.Equal(0, runtimes);
        Assert.Equal(1, simulation.Runtime("web").ReadyReplicas);
        Assert.Equal(15, simulation.Service("web").Served, precision: 9);
    }
}
