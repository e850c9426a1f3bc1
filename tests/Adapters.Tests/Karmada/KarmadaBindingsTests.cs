using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Karmada;

/// <summary>Where Karmada scheduled each Deployment, from the simulator's ResourceBindings.</summary>
public sealed class KarmadaBindingsTests : IAsyncLifetime
{
    private const string Ns = FederationScenario.Namespace;

    private SimulatedKarmada _karmada = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _karmada = await SimulatedKarmada.StartAsync(new FederationScenario()
            .Cluster("small", cpu: "4", memory: "8Gi")
            .Cluster("big", cpu: "16", memory: "64Gi")
            .Deployment("web", 2, "big", ("app", "500m", "256Mi"))
            .Deployment("db", 1, "small", ("app", "500m", "256Mi"))
            .Deployment("lost", 1, "no-such-cluster", ("app", "500m", "256Mi")));
        _services = AdapterServices.Build(AdapterServices.Settings(("Smo:Karmada:Host", _karmada.BaseUrl.ToString())), AdapterServices.FastResilience("Smo:Karmada"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _karmada.DisposeAsync();
    }

    private IKarmadaBindings Bindings => _services.GetRequiredService<IKarmadaBindings>();

    [Fact]
    public async Task ListDeploymentClustersAsync_reads_where_each_deployment_is_scheduled_in_one_request()
    {
        var requests = await _karmada.CountRequestsAsync("/apis/work.karmada.io");

        var clusters = await Bindings.ListDeploymentClustersAsync(Ns);

        Assert.Equal(["big"], clusters["web"]);
        Assert.Equal(["small"], clusters["db"]);
        Assert.Empty(clusters["lost"]);
        Assert.Equal(1, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task ListDeploymentClustersAsync_of_a_namespace_without_bindings_is_empty()
    {
        Assert.Empty(await Bindings.ListDeploymentClustersAsync("nothing-here"));
    }

    [Fact]
    public async Task ListDeploymentClustersAsync_reports_a_refused_list_with_the_servers_message()
    {
        await _karmada.InjectAsync(new JsonObject { ["type"] = "apiError", ["status"] = 403, ["paths"] = new JsonArray("/apis/work.karmada.io") });

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Bindings.ListDeploymentClustersAsync(Ns));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("list the resource bindings of namespace demo", failure.Message);
    }
}
