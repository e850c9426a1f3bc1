using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Scenarios;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Karmada;

/// <summary>
/// A PropagationPolicy with static weights divides a Deployment's replicas over member clusters, through
/// KubernetesClient as Smo writes it. The test clusters: "big" 8 cores, "small" 2 cores; pods of 500m; start delay 5 s.
/// </summary>
public sealed class ReplicaDivisionTests : SimulatorTest
{
    private KarmadaTestClient _karmada = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _karmada = new KarmadaTestClient(Host);
    }

    public override async Task DisposeAsync()
    {
        _karmada.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Weights_two_to_one_divide_ten_replicas_seven_to_three()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));

        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));

        Assert.Equal(new Dictionary<string, int> { ["big"] = 7, ["small"] = 3 }, await _karmada.ScheduledAsync("web"));
    }

    [Fact]
    public async Task Divided_replicas_become_ready_on_each_cluster_after_the_pod_start_delay()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));

        await Client.AdvanceAsync(4);
        var starting = await _karmada.MembersAsync("web");
        await Client.AdvanceAsync(1);
        var started = await _karmada.MembersAsync("web");

        Assert.Equal(new Dictionary<string, (int, int)> { ["big"] = (7, 0), ["small"] = (3, 0) }, starting);
        Assert.Equal(new Dictionary<string, (int, int)> { ["big"] = (7, 7), ["small"] = (3, 3) }, started);
    }

    [Fact]
    public async Task Deployment_read_through_karmada_reports_the_members_summed()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));
        await Client.AdvanceAsync(5);

        var deployment = await _karmada.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "demo");

        Assert.Equal((10, 10, 10), (deployment.Status.Replicas, deployment.Status.ReadyReplicas, deployment.Status.AvailableReplicas));
    }

    [Fact]
    public async Task A_share_beyond_its_clusters_free_cpu_stays_pending_there()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(12));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 1), ("small", 2)));

        await Client.AdvanceAsync(5);

        var binding = await _karmada.BindingAsync("web");
        var small = binding.At("status", "aggregatedStatus")!.AsArray().Single(m => m!["clusterName"]!.GetValue<string>() == "small")!;
        Assert.Equal(new Dictionary<string, int> { ["big"] = 4, ["small"] = 8 }, await _karmada.ScheduledAsync("web"));
        Assert.Equal((8, 4, 4), (small["status"]!["replicas"]!.GetValue<int>(), small["status"]!["readyReplicas"]!.GetValue<int>(),
            small["status"]!["unavailableReplicas"]!.GetValue<int>()));
        Assert.Equal("Unhealthy", small["health"]!.GetValue<string>());
        var (_, cluster) = await Client.GetAsync("/apis/cluster.karmada.io/v1alpha1/clusters/small");
        Assert.Equal("2", cluster.At("status", "resourceSummary", "allocating", "cpu")!.GetValue<string>());
    }

    [Fact]
    public async Task Changing_the_weights_stops_replicas_at_once_where_a_share_shrinks_and_starts_them_where_it_grows()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));
        await Client.AdvanceAsync(5);

        await _karmada.EditPolicyAsync("split", policy =>
        {
            var weights = policy["spec"]!["placement"]!["replicaScheduling"]!["weightPreference"]!["staticWeightList"]!;
            weights[0]!["weight"] = 3;
            weights[1]!["weight"] = 2;
        });
        var moved = await _karmada.MembersAsync("web");
        await Client.AdvanceAsync(5);
        var settled = await _karmada.MembersAsync("web");

        Assert.Equal(new Dictionary<string, int> { ["big"] = 6, ["small"] = 4 }, await _karmada.ScheduledAsync("web"));
        Assert.Equal(new Dictionary<string, (int, int)> { ["big"] = (6, 6), ["small"] = (4, 3) }, moved);
        Assert.Equal(new Dictionary<string, (int, int)> { ["big"] = (6, 6), ["small"] = (4, 4) }, settled);
    }

    [Fact]
    public async Task Scaling_a_divided_deployment_divides_the_new_replicas_by_the_same_weights()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));

        await Client.PatchAsync("/apis/apps/v1/namespaces/demo/deployments/web/scale", """{"spec":{"replicas":4}}""", "application/merge-patch+json");

        Assert.Equal(new Dictionary<string, int> { ["big"] = 3, ["small"] = 1 }, await _karmada.ScheduledAsync("web"));
    }

    [Fact]
    public async Task A_preempting_policy_takes_over_a_deployment_its_chart_placed()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").On("big").Replicas(10));

        await _karmada.CreatePolicyAsync(new PolicyBuilder("smo-web").Selecting("web").Weights(("big", 2), ("small", 1)).Priority(100).Preempting());

        Assert.Equal(new Dictionary<string, int> { ["big"] = 7, ["small"] = 3 }, await _karmada.ScheduledAsync("web"));
    }

    [Fact]
    public async Task A_policy_without_preemption_leaves_a_deployment_its_chart_placed_where_it_is()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").On("big").Replicas(10));

        await _karmada.CreatePolicyAsync(new PolicyBuilder("smo-web").Selecting("web").Weights(("big", 2), ("small", 1)).Priority(100));

        Assert.Equal(new Dictionary<string, int> { ["big"] = 10 }, await _karmada.ScheduledAsync("web"));
    }

    [Fact]
    public async Task Deleting_the_policy_returns_the_deployment_to_its_annotation_placement()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").On("big").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("smo-web").Selecting("web").Weights(("big", 2), ("small", 1)).Priority(100).Preempting());
        await Client.AdvanceAsync(5);

        await _karmada.DeletePolicyAsync("smo-web");
        var members = await _karmada.MembersAsync("web");

        var binding = await _karmada.BindingAsync("web");
        Assert.Equal(new Dictionary<string, int> { ["big"] = 10 }, await _karmada.ScheduledAsync("web"));
        Assert.Equal(new Dictionary<string, (int, int)> { ["big"] = (10, 7) }, members);
        Assert.Null(binding.At("metadata", "annotations"));
    }

    [Fact]
    public async Task Deleting_the_only_policy_of_a_deployment_without_annotation_leaves_its_replicas_where_they_are()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));

        await _karmada.DeletePolicyAsync("split");

        Assert.Equal(new Dictionary<string, int> { ["big"] = 7, ["small"] = 3 }, await _karmada.ScheduledAsync("web"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_two_preempting_policies_the_one_of_higher_priority_places_the_deployment(bool higherFirst)
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").On("big").Replicas(4));
        var high = new PolicyBuilder("high").Selecting("web").Weights(("small", 1)).Priority(5).Preempting();
        var low = new PolicyBuilder("low").Selecting("web").Weights(("big", 1)).Priority(1).Preempting();

        foreach (var policy in higherFirst ? new[] { high, low } : [low, high])
        {
            await _karmada.CreatePolicyAsync(policy);
        }

        Assert.Equal(new Dictionary<string, int> { ["small"] = 4 }, await _karmada.ScheduledAsync("web"));
        Assert.Equal("high", (await _karmada.BindingAsync("web")).At("metadata", "annotations", "propagationpolicy.karmada.io/name")!.GetValue<string>());
    }

    [Fact]
    public async Task A_deployment_nothing_claims_goes_to_the_matching_policy_of_highest_priority()
    {
        await _karmada.CreatePolicyAsync(new PolicyBuilder("low").Selecting("web").Weights(("big", 1)).Priority(1));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("high").Selecting("web").Weights(("small", 1)).Priority(3));

        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(2));

        Assert.Equal(new Dictionary<string, int> { ["small"] = 2 }, await _karmada.ScheduledAsync("web"));
    }

    [Fact]
    public async Task A_name_selector_wins_over_a_label_selector_of_equal_priority_whatever_their_names()
    {
        var byLabel = new PolicyBuilder("a-by-label").Selecting("web").Weights(("small", 1)).Build();
        var selector = byLabel["spec"]!["resourceSelectors"]![0]!.AsObject();
        selector.Remove("name");
        selector["labelSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject
        {
            ["key"] = "app", ["operator"] = "In", ["values"] = new JsonArray("web", "shop"),
        }) };
        await _karmada.Client.CustomObjects.CreateNamespacedCustomObjectAsync(byLabel, "policy.karmada.io", "v1alpha1", "demo", "propagationpolicies");
        await _karmada.CreatePolicyAsync(new PolicyBuilder("b-by-name").Selecting("web").Weights(("big", 1)));

        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(2));
        await _karmada.DeployAsync(new DeploymentBuilder("shop").Replicas(1));

        Assert.Equal(new Dictionary<string, int> { ["big"] = 2 }, await _karmada.ScheduledAsync("web"));
        Assert.Equal(new Dictionary<string, int> { ["small"] = 1 }, await _karmada.ScheduledAsync("shop"));
    }

    [Fact]
    public async Task A_policy_naming_no_existing_cluster_leaves_the_binding_unscheduled_with_karmadas_reason()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(2));

        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("moon", 1)));

        var binding = await _karmada.BindingAsync("web");
        var scheduled = binding.At("status", "conditions")!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Scheduled")!;
        Assert.Null(binding.At("spec", "clusters"));
        Assert.Equal(("False", "NoClusterFit", "0/2 clusters are available: 2 cluster(s) did not match the placement cluster affinity constraint."),
            (scheduled["status"]!.GetValue<string>(), scheduled["reason"]!.GetValue<string>(), scheduled["message"]!.GetValue<string>()));
        Assert.Equal(0, Host.Simulation.Read(state => state.Deployments[("demo", "web")].PodCount));
    }

    [Fact]
    public async Task A_cluster_that_is_not_ready_gets_no_share_of_a_new_division()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await Client.PostAsync("/sim/faults", """{"type":"clusterNotReady","cluster":"small"}""");

        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));

        Assert.Equal(new Dictionary<string, int> { ["big"] = 10 }, await _karmada.ScheduledAsync("web"));
    }

    [Fact]
    public async Task Requests_are_served_by_the_ready_replicas_of_every_cluster_each_as_busy_as_the_others()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));

        await Client.AdvanceAsync(6);

        var (capacity, bigBusy, smallBusy) = Host.Simulation.Read(state =>
            (state.Services["web"].Capacity, state.Clusters["big"].BusyCores, state.Clusters["small"].BusyCores));
        // α = 10 per ready replica, β = 5; load 30 of 105 keeps every replica 2/7 busy at 0.5 core.
        Assert.Equal(105, capacity, precision: 9);
        Assert.Equal(7 * 0.5 * 30 / 105, bigBusy, precision: 9);
        Assert.Equal(3 * 0.5 * 30 / 105, smallBusy, precision: 9);
    }

    [Fact]
    public async Task Deleting_the_deployment_deletes_its_binding()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(2));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 1)));

        await _karmada.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "demo");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _karmada.BindingAsync("web"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Metrics_export_each_clusters_share_and_its_ready_replicas()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)));
        await Client.AdvanceAsync(5);

        var metrics = await Client.TextAsync("/metrics");

        Assert.Contains("smo_simulator_cluster_deployment_replicas{cluster=\"small\",namespace=\"demo\",deployment=\"web\"} 3", metrics);
        Assert.Contains("smo_simulator_cluster_deployment_replicas_ready{cluster=\"big\",namespace=\"demo\",deployment=\"web\"} 7", metrics);
    }

    [Fact]
    public void A_scenario_seeds_policies_that_place_its_deployments_from_the_start()
    {
        var seeded = $"objects:\n  - {new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)).Json()}\n"
            + $"  - {new DeploymentBuilder("web").Replicas(10).Json()}\n";
        var scenario = ScenarioParser.Parse(TestScenarios.Yaml().Replace("objects:\n", seeded, StringComparison.Ordinal), "seeded scenario");

        var simulation = new Simulation(scenario, TimeProvider.System);

        Assert.Equal([("big", 7), ("small", 3)], simulation.Runtime("web").Shares.Select(s => (s.Cluster, s.Replicas)));
    }

    [Fact]
    public async Task State_tells_which_policy_places_a_deployment_and_its_share_per_cluster()
    {
        await _karmada.DeployAsync(new DeploymentBuilder("web").On("big").Replicas(10));
        await _karmada.CreatePolicyAsync(new PolicyBuilder("smo-web").Selecting("web").Weights(("big", 2), ("small", 1)).Priority(100).Preempting());

        var (_, state) = await Client.GetAsync("/sim/state");

        var web = state["deployments"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == "web")!;
        Assert.Equal("smo-web", web["policy"]!.GetValue<string>());
        Assert.Null(web["cluster"]);
        Assert.Equal([("big", 7), ("small", 3)], web["clusters"]!.AsArray().Select(c => (c!["cluster"]!.GetValue<string>(), c["replicas"]!.GetValue<int>())));
    }
}
