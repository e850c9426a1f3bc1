using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Karmada;

public sealed class KarmadaDeploymentsTests : IAsyncLifetime
{
    private FakeKubernetes _karmada = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _karmada = await FakeKubernetes.StartAsync();
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
        _karmada.Deployments[("demo", "noise-reduction")] = FakeKubernetes.Deployment("demo", "noise-reduction", 3, 2, ("app", "500m"));

        var replicas = await Deployments.GetReplicasAsync("demo", "noise-reduction");

        Assert.Equal(new DeploymentReplicas(3, 2, 2), replicas);
    }

    [Fact]
    public async Task GetReplicasAsync_reads_omitted_status_counters_as_zero()
    {
        _karmada.Deployments[("demo", "idle")] = FakeKubernetes.Deployment("demo", "idle", 0, 0, ("app", "1"));

        var replicas = await Deployments.GetReplicasAsync("demo", "idle");

        Assert.Equal(new DeploymentReplicas(0, 0, 0), replicas);
    }

    [Fact]
    public async Task ScaleAsync_merge_patches_the_scale_subresource()
    {
        _karmada.Deployments[("demo", "web")] = FakeKubernetes.Deployment("demo", "web", 1, 1, ("app", "1"));

        var accepted = await Deployments.ScaleAsync("demo", "web", 4);

        Assert.Equal(4, accepted);
        Assert.Equal(4, _karmada.Deployments[("demo", "web")]["spec"]!["replicas"]!.GetValue<int>());
        Assert.Contains("PATCH /apis/apps/v1/namespaces/demo/deployments/web/scale", _karmada.Requests);
    }

    [Fact]
    public async Task ScaleAsync_to_zero_reads_the_omitted_spec_replicas_as_zero()
    {
        _karmada.Deployments[("demo", "web")] = FakeKubernetes.Deployment("demo", "web", 2, 2, ("app", "1"));

        Assert.Equal(0, await Deployments.ScaleAsync("demo", "web", 0));
    }

    [Fact]
    public async Task GetCpuLimitAsync_sums_the_limits_of_all_containers()
    {
        _karmada.Deployments[("demo", "vo")] = FakeKubernetes.Deployment("demo", "vo", 1, 1, ("app", "500m"), ("sidecar", "1"), ("logger", null));

        var limit = await Deployments.GetCpuLimitAsync("demo", "vo");

        Assert.Equal(1.5, limit.Cores, 6);
        Assert.Equal(["logger"], limit.ContainersWithoutLimit);
    }

    [Fact]
    public async Task Operations_on_a_missing_deployment_fail_as_not_found_with_the_servers_message()
    {
        var failure = await Assert.ThrowsAsync<AdapterException>(() => Deployments.ScaleAsync("demo", "ghost", 2));

        Assert.Equal(AdapterFailure.NotFound, failure.Failure);
        Assert.Equal(ExternalSystem.Karmada, failure.System);
        Assert.Contains("deployments.apps \"ghost\" not found", failure.Message);
        Assert.Contains("scale deployment demo/ghost to 2", failure.Message);
    }

    [Fact]
    public async Task ScaleAsync_refuses_negative_replicas_without_calling_the_server()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Deployments.ScaleAsync("demo", "web", -1));

        Assert.Empty(_karmada.Requests);
    }
}
