using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.Karmada;

/// <summary>
/// Smo's division of a service's replicas (a PropagationPolicy <c>smo-&lt;service&gt;</c>) against the simulated
/// Karmada, which divides as Karmada's scheduler does. "web" runs 10 pods of 500m on "big" (its chart's placement);
/// "big" and "small" have room for all of them; pods take 5 s to start.
/// </summary>
public sealed class KarmadaPropagationPoliciesTests : IAsyncLifetime
{
    private const string Ns = FederationScenario.Namespace;
    private const string Policies = $"/apis/policy.karmada.io/v1alpha1/namespaces/{Ns}/propagationpolicies";

    private SimulatedKarmada _karmada = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _karmada = await SimulatedKarmada.StartAsync(new FederationScenario()
            .Cluster("big", cpu: "16", memory: "64Gi")
            .Cluster("small", cpu: "8", memory: "64Gi")
            .PodStartDelay("5s")
            .Deployment("web", 10, "big", ("app", "500m", "256Mi"))
            .Deployment("api", 2, "small", ("app", "500m", "256Mi")));
        _karmada.Host.Simulation.Advance(TimeSpan.FromSeconds(5));
        _services = AdapterServices.Build(AdapterServices.Settings(("Smo:Karmada:Host", _karmada.BaseUrl.ToString())), AdapterServices.FastResilience("Smo:Karmada"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _karmada.DisposeAsync();
    }

    private IKarmadaPropagationPolicies Divisions => _services.GetRequiredService<IKarmadaPropagationPolicies>();

    private IKarmadaResourceBindings Bindings => _services.GetRequiredService<IKarmadaResourceBindings>();

    private static readonly Dictionary<string, int> TwoToOne = new() { ["big"] = 2, ["small"] = 1 };

    [Fact]
    public async Task ApplyDivisionAsync_writes_smos_policy_and_karmada_divides_the_replicas_by_the_weights()
    {
        var written = await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);

        var policy = _karmada.Stored(ResourceCatalog.PropagationPolicies, Ns, "smo-web");
        Assert.True(written);
        Assert.Equal("smo", policy["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Equal((100, "Always"), (policy["spec"]!["priority"]!.GetValue<int>(), policy["spec"]!["preemption"]!.GetValue<string>()));
        Assert.Equal("""[{"apiVersion":"apps/v1","kind":"Deployment","namespace":"demo","name":"web"}]""", policy["spec"]!["resourceSelectors"]!.ToJsonString());
        Assert.Equal([("big", 7), ("small", 3)], (await Bindings.GetClusterReplicasAsync(Ns, "web")).Select(c => (c.Cluster, c.Scheduled)));
    }

    [Fact]
    public async Task ApplyDivisionAsync_twice_with_the_same_weights_writes_nothing_the_second_time()
    {
        await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);
        var version = _karmada.Stored(ResourceCatalog.PropagationPolicies, Ns, "smo-web")["metadata"]!["resourceVersion"]!.GetValue<string>();
        var writes = await _karmada.CountRequestsAsync(Policies, "PUT");
        var creates = await _karmada.CountRequestsAsync(Policies, "POST");

        var written = await Divisions.ApplyDivisionAsync(Ns, "web", new Dictionary<string, int> { ["small"] = 1, ["big"] = 2 });

        Assert.False(written);
        Assert.Equal((0, 0), (await _karmada.HitsAsync(writes), await _karmada.HitsAsync(creates)));
        Assert.Equal(version, _karmada.Stored(ResourceCatalog.PropagationPolicies, Ns, "smo-web")["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyDivisionAsync_with_new_weights_replaces_the_policy_and_karmada_moves_the_replicas()
    {
        await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);

        var written = await Divisions.ApplyDivisionAsync(Ns, "web", new Dictionary<string, int> { ["big"] = 1, ["small"] = 1 });

        var policy = _karmada.Stored(ResourceCatalog.PropagationPolicies, Ns, "smo-web");
        Assert.True(written);
        Assert.Equal(2L, policy["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal([("big", 5), ("small", 5)], (await Bindings.GetClusterReplicasAsync(Ns, "web")).Select(c => (c.Cluster, c.Scheduled)));
    }

    [Fact]
    public async Task ApplyDivisionAsync_re_reads_and_re_applies_a_replace_that_lost_a_race()
    {
        await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);
        await _karmada.InjectAsync(new JsonObject
        {
            ["type"] = "concurrentWrite", ["count"] = 1, ["paths"] = new JsonArray($"{Policies}/smo-web"), ["methods"] = new JsonArray("PUT"),
        });

        var written = await Divisions.ApplyDivisionAsync(Ns, "web", new Dictionary<string, int> { ["big"] = 1, ["small"] = 1 });

        var policy = _karmada.Stored(ResourceCatalog.PropagationPolicies, Ns, "smo-web");
        Assert.True(written);
        Assert.NotNull(policy["metadata"]!["annotations"]?["simulator.smo.io/concurrent-write"]);
        Assert.Equal(1, policy["spec"]!["placement"]!["replicaScheduling"]!["weightPreference"]!["staticWeightList"]![0]!["weight"]!.GetValue<int>());
    }

    [Fact]
    public async Task ApplyDivisionAsync_leaves_alone_a_policy_of_that_name_smo_did_not_create()
    {
        new Smo.Simulator.Kubernetes.KubernetesApi(_karmada.Host.Simulation)
            .Create(ResourceCatalog.PropagationPolicies, Ns, """{"metadata":{"name":"smo-web"},"spec":{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}]}}""");

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne));

        Assert.Equal(AdapterFailure.Conflict, failure.Failure);
        Assert.Contains("PropagationPolicy demo/smo-web exists and is not Smo's", failure.Message);
        Assert.Null(_karmada.Stored(ResourceCatalog.PropagationPolicies, Ns, "smo-web")["spec"]!["placement"]!["replicaScheduling"]);
    }

    public static TheoryData<Dictionary<string, int>> Unusable => new()
    {
        new Dictionary<string, int>(),
        new Dictionary<string, int> { ["big"] = 0, ["small"] = 1 },
        new Dictionary<string, int> { [" "] = 1 },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task ApplyDivisionAsync_refuses_weights_karmada_would_refuse_without_calling_it(Dictionary<string, int> weights)
    {
        var requests = await _karmada.CountRequestsAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Divisions.ApplyDivisionAsync(Ns, "web", weights));

        Assert.Equal(0, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task RemoveDivisionAsync_deletes_the_policy_and_the_deployment_goes_back_to_its_charts_cluster()
    {
        await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);

        var removed = await Divisions.RemoveDivisionAsync(Ns, "web");

        Assert.True(removed);
        Assert.Equal([("big", 10)], (await Bindings.GetClusterReplicasAsync(Ns, "web")).Select(c => (c.Cluster, c.Scheduled)));
        Assert.Null(_karmada.Host.Simulation.Read(state => state.Store.Get(ResourceCatalog.PropagationPolicies, Ns, "smo-web")));
    }

    [Fact]
    public async Task RemoveDivisionAsync_of_a_service_smo_never_divided_is_false()
    {
        Assert.False(await Divisions.RemoveDivisionAsync(Ns, "web"));
    }

    [Fact]
    public async Task GetClusterReplicasAsync_shows_a_new_share_not_ready_until_its_pods_start()
    {
        await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);

        var moving = await Bindings.GetClusterReplicasAsync(Ns, "web");
        _karmada.Host.Simulation.Advance(TimeSpan.FromSeconds(5));
        var moved = await Bindings.GetClusterReplicasAsync(Ns, "web");

        Assert.Equal([new ClusterReplicas("big", 7, 7, 7, 7), new ClusterReplicas("small", 3, 3, 0, 0)], moving);
        Assert.Equal([new ClusterReplicas("big", 7, 7, 7, 7), new ClusterReplicas("small", 3, 3, 3, 3)], moved);
    }

    [Fact]
    public async Task GetClusterReplicasAsync_of_a_deployment_karmada_has_not_bound_is_empty()
    {
        Assert.Empty(await Bindings.GetClusterReplicasAsync(Ns, "ghost"));
    }

    [Fact]
    public async Task ListClusterReplicasAsync_reads_every_bound_deployment_of_the_namespace_in_one_request()
    {
        await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);
        var requests = await _karmada.CountRequestsAsync();

        var replicas = await Bindings.ListClusterReplicasAsync(Ns);

        Assert.Equal(["api", "web"], replicas.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([new ClusterReplicas("small", 2, 2, 2, 2)], replicas["api"]);
        Assert.Equal(["big", "small"], replicas["web"].Select(c => c.Cluster));
        Assert.Equal(1, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task GetClusterReplicasAsync_reports_a_malformed_binding_naming_the_field()
    {
        _karmada.Host.Simulation.Write(state => state.Store.Create(ResourceCatalog.ResourceBindings, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "ghost-deployment", ["namespace"] = Ns },
            ["spec"] = new JsonObject { ["clusters"] = new JsonArray(new JsonObject { ["name"] = "big", ["replicas"] = "many" }) },
        }));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Bindings.GetClusterReplicasAsync(Ns, "ghost"));

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains("spec.clusters[].replicas is many, expected a count", failure.Message);
    }

    [Fact]
    public async Task ListReplicasAsync_of_a_divided_deployment_reports_the_totals_over_its_clusters()
    {
        await Divisions.ApplyDivisionAsync(Ns, "web", TwoToOne);

        var before = (await _services.GetRequiredService<IKarmadaDeployments>().ListReplicasAsync(Ns))["web"];
        _karmada.Host.Simulation.Advance(TimeSpan.FromSeconds(5));
        var after = (await _services.GetRequiredService<IKarmadaDeployments>().ListReplicasAsync(Ns))["web"];

        Assert.Equal(new DeploymentReplicas(10, 7, 7), before);
        Assert.Equal(new DeploymentReplicas(10, 10, 10), after);
    }
}
