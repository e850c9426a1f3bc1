using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Helm;
using Smo.Adapters.Karmada;
using Smo.Adapters.PrometheusRules;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Simulator.Hosting;

namespace Smo.Adapters.Tests.Simulator;

/// <summary>
/// The Karmada, Helm and PrometheusRule adapters against the simulator (built-in three-cluster scenario),
/// reached the way production reaches Karmada: a kubeconfig file and the helm binary.
/// </summary>
public sealed class SimulatorTests : IAsyncLifetime
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"smo-sim-kubeconfig-{Guid.NewGuid():N}");
    private SimulatorHost _simulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync();
        _simulator.WriteKubeconfig(_kubeconfig);
        _services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Karmada:KubeconfigPath", _kubeconfig),
            ("Smo:Helm:BinaryPath", SimulatorHost.HelmStandInPath),
            ("Smo:Helm:KubeconfigPath", _kubeconfig),
            ("Smo:Helm:PlainHttp", "true"),
            ("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString()),
            ("Smo:PrometheusRule:ReloadPrometheus", "false")), AdapterServices.FastResilience("Smo:Karmada", maxRetries: 3));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
        File.Delete(_kubeconfig);
    }

    [Fact]
    public async Task Inventory_lists_the_scenarios_clusters_with_their_gpu_and_region()
    {
        var clusters = await _services.GetRequiredService<IClusterInventory>().ListAsync();

        Assert.Equal(["member1", "member2", "member3"], clusters.Select(c => c.Name));
        Assert.All(clusters, c => Assert.True(c.Ready));
        Assert.Equal([false, true, false], clusters.Select(c => c.HasGpu));
        Assert.Equal("brussels", clusters[1].Region);
        Assert.Equal(16, clusters[0].Allocatable.CpuCores, 3);
    }

    [Fact]
    public async Task A_release_installed_with_helm_can_be_read_scaled_and_uninstalled()
    {
        var helm = _services.GetRequiredService<IHelmRunner>();
        var deployments = _services.GetRequiredService<IKarmadaDeployments>();
        var values = new JsonObject
        {
            ["clustersAffinity"] = new JsonArray("member2"),
            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" } },
        };

        var stdout = await helm.UpgradeInstallAsync(new HelmRelease("noise-reduction", "oci://127.0.0.1:5000/demo/noise-reduction", "demo", "0.1.0", values));
        var cpu = await deployments.GetCpuLimitAsync("demo", "noise-reduction");
        var scaled = await deployments.ScaleAsync("demo", "noise-reduction", 3);
        var replicas = await deployments.GetReplicasAsync("demo", "noise-reduction");

        Assert.Contains("Installing it now", stdout);
        Assert.Equal(0.5, cpu.Cores, 6);
        Assert.Equal(3, scaled);
        Assert.Equal(3, replicas.Desired);
        Assert.True(await helm.UninstallAsync("noise-reduction", "demo"));
        Assert.False(await helm.UninstallAsync("noise-reduction", "demo"));
        var gone = await Assert.ThrowsAsync<AdapterException>(() => deployments.GetReplicasAsync("demo", "noise-reduction"));
        Assert.Equal(AdapterFailure.NotFound, gone.Failure);
    }

    [Fact]
    public async Task A_deployment_uninstalled_with_helm_is_gone_from_the_namespace_list()
    {
        var helm = _services.GetRequiredService<IHelmRunner>();
        var deployments = _services.GetRequiredService<IKarmadaDeployments>();
        var values = new JsonObject { ["clustersAffinity"] = new JsonArray("member1") };
        await helm.UpgradeInstallAsync(new HelmRelease("web", "oci://127.0.0.1:5000/demo/web", "shop", "0.1.0", values));
        await helm.UpgradeInstallAsync(new HelmRelease("catalogue", "oci://127.0.0.1:5000/demo/catalogue", "shop", "0.1.0", values));
        await deployments.ScaleAsync("shop", "web", 2);

        var before = await deployments.ListReplicasAsync("shop");
        await helm.UninstallAsync("catalogue", "shop");
        var after = await deployments.ListReplicasAsync("shop");

        Assert.Equal(["catalogue", "web"], before.Keys.Order());
        Assert.Equal(2, before["web"].Desired);
        Assert.Equal(["web"], after.Keys);
    }

    [Fact]
    public async Task Injected_api_errors_are_retried_through()
    {
        using var http = new HttpClient { BaseAddress = _simulator.BaseAddress };
        using var fault = await http.PostAsJsonAsync("sim/faults", new { type = "apiError", status = 503, count = 2, paths = new[] { "/apis/cluster.karmada.io" } });
        fault.EnsureSuccessStatusCode();

        var clusters = await _services.GetRequiredService<IClusterInventory>().ListAsync();

        Assert.Equal(3, clusters.Count);
        var faults = await http.GetStringAsync("sim/faults");
        Assert.Contains("\"hits\":2", faults.Replace(" ", ""));
    }

    [Fact]
    public async Task Alert_rules_are_accepted_by_the_simulators_prometheusrule_validation()
    {
        var rules = _services.GetRequiredService<IAlertRules>();

        var added = await rules.AddAsync([new AlertRule("graph", "noise-reduction", "main-event", "vector(1) > 0", "30s", "always")]);
        var again = await rules.AddAsync([new AlertRule("graph", "noise-reduction", "main-event", "vector(1) > 0", "30s", "always")]);
        var removed = await rules.RemoveAsync(new AlertRuleScope("graph"));

        Assert.True(added);
        Assert.False(again);
        Assert.True(removed);
    }
}
