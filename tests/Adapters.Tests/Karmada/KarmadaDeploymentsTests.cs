using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.Karmada;

/// <summary>Deployment replicas, scaling and CPU limits against the simulator's Deployments and scale subresource.</summary>
public sealed class KarmadaDeploymentsTests : IAsyncLifetime
{
    private const string Ns = FederationScenario.Namespace;

    private SimulatedKarmada _karmada = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        // "small" fits two pods of 500m: a third stays pending, so desired and ready differ.
        _karmada = await SimulatedKarmada.StartAsync(new FederationScenario()
            .Cluster("small", cpu: "1", memory: "8Gi")
            .Cluster("big", cpu: "16", memory: "64Gi")
            .Deployment("noise-reduction", 3, "small", ("app", "500m", "256Mi"))
            .Deployment("idle", 0, "big", ("app", "1", "256Mi"))
            .Deployment("web", 1, "big", ("app", "1", "256Mi"))
            .Deployment("vo", 1, "big", ("app", "500m", null), ("sidecar", "1", null), ("logger", null, null)));
        _services = AdapterServices.Build(AdapterServices.Settings(("Smo:Karmada:Host", _karmada.BaseUrl.ToString())), AdapterServices.FastResilience("Smo:Karmada"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _karmada.DisposeAsync();
    }

    private IKarmadaDeployments Deployments => _services.GetRequiredService<IKarmadaDeployments>();

    [Fact]
    public async Task GetReplicasAsync_reads_desired_and_ready_counts_in_the_graph_namespace()
    {
        var replicas = await Deployments.GetReplicasAsync(Ns, "noise-reduction");

        Assert.Equal(new DeploymentReplicas(3, 2, 2), replicas);
    }

    [Fact]
    public async Task GetReplicasAsync_reads_omitted_status_counters_as_zero()
    {
        var replicas = await Deployments.GetReplicasAsync(Ns, "idle");

        Assert.Equal(new DeploymentReplicas(0, 0, 0), replicas);
    }

    [Fact]
    public async Task ListReplicasAsync_reads_every_deployment_of_the_namespace_in_one_request()
    {
        var requests = await _karmada.CountRequestsAsync();

        var replicas = await Deployments.ListReplicasAsync(Ns);

        Assert.Equal(new Dictionary<string, DeploymentReplicas>
        {
            ["idle"] = new(0, 0, 0),
            ["noise-reduction"] = new(3, 2, 2),
            ["vo"] = new(1, 1, 1),
            ["web"] = new(1, 1, 1),
        }, replicas);
        Assert.Equal(1, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task ListReplicasAsync_of_a_namespace_without_deployments_is_empty()
    {
        var replicas = await Deployments.ListReplicasAsync("nothing-here");

        Assert.Empty(replicas);
    }

    [Fact]
    public async Task ListReplicasAsync_reports_a_refused_list_with_the_servers_message()
    {
        await _karmada.InjectAsync(new JsonObject
        {
            ["type"] = "apiError", ["status"] = 403, ["paths"] = new JsonArray($"/apis/apps/v1/namespaces/{Ns}/deployments"),
        });

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Deployments.ListReplicasAsync(Ns));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("list the deployments of namespace demo", failure.Message);
        Assert.Contains("HTTP 403 Forbidden: forbidden:", failure.Message);
    }

    [Fact]
    public async Task ListReplicasAsync_refuses_an_empty_namespace_without_calling_the_server()
    {
        var requests = await _karmada.CountRequestsAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Deployments.ListReplicasAsync(" "));

        Assert.Equal(0, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task ScaleAsync_patches_the_scale_subresource()
    {
        var patches = await _karmada.CountRequestsAsync($"/apis/apps/v1/namespaces/{Ns}/deployments/web/scale", "PATCH");

        var accepted = await Deployments.ScaleAsync(Ns, "web", 4);

        Assert.Equal(4, accepted);
        Assert.Equal(4L, _karmada.Stored(ResourceCatalog.Deployments, Ns, "web")["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(1, await _karmada.HitsAsync(patches));
    }

    [Fact]
    public async Task ScaleAsync_to_zero_reads_the_omitted_spec_replicas_as_zero()
    {
        Assert.Equal(0, await Deployments.ScaleAsync(Ns, "web", 0));
    }

    [Fact]
    public async Task GetCpuLimitAsync_sums_the_limits_of_all_containers()
    {
        var limit = await Deployments.GetCpuLimitAsync(Ns, "vo");

        Assert.Equal(1.5, limit.Cores, 6);
        Assert.Equal(["logger"], limit.ContainersWithoutLimit);
    }

    [Fact]
    public async Task Operations_on_a_missing_deployment_fail_as_not_found_with_the_servers_message()
    {
        var failure = await Assert.ThrowsAsync<AdapterException>(() => Deployments.ScaleAsync(Ns, "ghost", 2));

        Assert.Equal(AdapterFailure.NotFound, failure.Failure);
        Assert.Equal(ExternalSystem.Karmada, failure.System);
        Assert.Contains("deployments.apps \"ghost\" not found", failure.Message);
        Assert.Contains("scale deployment demo/ghost to 2", failure.Message);
    }

    [Fact]
    public async Task ScaleAsync_refuses_negative_replicas_without_calling_the_server()
    {
        var requests = await _karmada.CountRequestsAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Deployments.ScaleAsync(Ns, "web", -1));

        Assert.Equal(0, await _karmada.HitsAsync(requests));
    }
}
