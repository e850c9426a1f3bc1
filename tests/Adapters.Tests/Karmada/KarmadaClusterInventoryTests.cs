using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Karmada;

/// <summary>The cluster inventory against the simulator's Karmada clusters, as its cluster status controller writes them.</summary>
public sealed class KarmadaClusterInventoryTests : IAsyncDisposable
{
    private SimulatedKarmada? _karmada;
    private ServiceProvider? _services;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_karmada is not null)
        {
            await _karmada.DisposeAsync();
        }
    }

    private async Task<IClusterInventory> InventoryAsync(FederationScenario scenario, params (string Key, string? Value)[] settings)
    {
        _karmada = await SimulatedKarmada.StartAsync(scenario);
        _services = AdapterServices.Build(
            AdapterServices.Settings([("Smo:Karmada:Host", _karmada.BaseUrl.ToString()), ("Smo:Karmada:GpuLabel", "smo.io/gpu"), .. settings]),
            AdapterServices.FastResilience("Smo:Karmada"));
        return _services.GetRequiredService<IClusterInventory>();
    }

    [Fact]
    public async Task ListAsync_reports_free_capacity_as_allocatable_minus_allocated()
    {
        var inventory = await InventoryAsync(new FederationScenario()
            .Cluster("member1", cpu: "3700m", memory: "15265636Ki")
            .Deployment("web", 1, "member1", ("app", "1635m", "1046142Ki")));

        var cluster = Assert.Single(await inventory.ListAsync());

        Assert.Equal(3.7, cluster.Allocatable.CpuCores, 6);
        Assert.Equal(2.065, cluster.Free.CpuCores, 6);
        Assert.Equal((15265636L - 1046142L) * 1024, cluster.Free.MemoryBytes);
    }

    [Fact]
    public async Task ListAsync_treats_an_omitted_allocated_map_as_nothing_allocated()
    {
        var inventory = await InventoryAsync(new FederationScenario().Cluster("idle", cpu: "8", memory: "32Gi"));

        var cluster = Assert.Single(await inventory.ListAsync());

        Assert.Equal(8, cluster.Free.CpuCores);
        Assert.Equal(32L << 30, cluster.Free.MemoryBytes);
    }

    [Fact]
    public async Task ListAsync_reports_the_ready_condition_and_why_a_cluster_is_not_ready()
    {
        var inventory = await InventoryAsync(new FederationScenario()
            .Cluster("up")
            .Cluster("down")
            .Fault(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "down" }));

        var clusters = await inventory.ListAsync();

        Assert.True(clusters.Single(c => c.Name == "up").Ready);
        var down = clusters.Single(c => c.Name == "down");
        Assert.False(down.Ready);
        Assert.Contains("ClusterNotReachable", down.NotReadyReason);
    }

    [Fact]
    public async Task ListAsync_reads_Ready_Unknown_and_the_failure_taints_as_not_ready_since_Karmada_says()
    {
        var inventory = await InventoryAsync(new FederationScenario()
            .Cluster("a-unknown")
            .Cluster("b-tainted")
            .Cluster("c-maintenance")
            .Fault(new JsonObject { ["type"] = "clusterUnreachable", ["cluster"] = "a-unknown" })
            .Fault(new JsonObject { ["type"] = "clusterTaint", ["cluster"] = "b-tainted", ["key"] = "cluster.karmada.io/unreachable", ["effect"] = "NoExecute" })
            .Fault(new JsonObject { ["type"] = "clusterTaint", ["cluster"] = "c-maintenance", ["key"] = "example.com/maintenance" }));

        var clusters = await inventory.ListAsync();

        var unknown = clusters.Single(c => c.Name == "a-unknown");
        Assert.False(unknown.Ready);
        Assert.StartsWith("Ready is Unknown: ClusterStatusUnknown", unknown.NotReadyReason);
        Assert.Equal(Transition("a-unknown"), unknown.NotReadySince);
        var tainted = clusters.Single(c => c.Name == "b-tainted");
        Assert.False(tainted.Ready);
        Assert.Equal("tainted cluster.karmada.io/unreachable:NoExecute", tainted.NotReadyReason);
        Assert.NotNull(tainted.NotReadySince);
        var maintained = clusters.Single(c => c.Name == "c-maintenance");
        Assert.True(maintained.Ready);
        Assert.Null(maintained.NotReadySince);
    }

    [Theory]
    [InlineData("taints-not-a-list", "spec.taints is String, expected an array")]
    [InlineData("taint-without-key", "spec.taints[0] has no key")]
    [InlineData("bad-transition-time", "status.conditions[Ready].lastTransitionTime is yesterday, expected an RFC 3339 time")]
    public async Task ListAsync_fails_naming_cluster_and_field_for_malformed_health(string name, string expected)
    {
        var inventory = await InventoryAsync(new FederationScenario().Cluster("good").Fault(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "good" }));
        _karmada!.StoreEditedClusterCopy("good", cluster =>
        {
            cluster["metadata"]!["name"] = name;
            switch (name)
            {
                case "taints-not-a-list":
                    cluster["spec"]!["taints"] = "none";
                    break;
                case "taint-without-key":
                    cluster["spec"]!["taints"] = new JsonArray(new JsonObject { ["effect"] = "NoSchedule" });
                    break;
                default:
                    cluster["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!["lastTransitionTime"] = "yesterday";
                    break;
            }
        });

        var failure = await Assert.ThrowsAsync<AdapterException>(() => inventory.ListAsync());

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains($"cluster {name}: {expected}", failure.Message);
    }

    [Fact]
    public async Task ListAsync_reports_a_cluster_that_went_down_on_the_next_listing()
    {
        var inventory = await InventoryAsync(new FederationScenario().Cluster("member1"));
        var before = Assert.Single(await inventory.ListAsync());

        await _karmada!.InjectAsync(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "member1", ["reason"] = "ClusterNotReady" });
        var after = Assert.Single(await inventory.ListAsync());

        Assert.True(before.Ready);
        Assert.False(after.Ready);
        Assert.Contains("ClusterNotReady", after.NotReadyReason);
    }

    [Fact]
    public async Task ListAsync_takes_region_and_zone_from_labels_before_the_spec()
    {
        // The simulator labels every cluster with its spec's region, so the test reads other, configured labels.
        var inventory = await InventoryAsync(new FederationScenario()
                .Cluster("labelled", region: "spec-region", zone: "spec-zone-a",
                    labels: new JsonObject { ["smo.io/region"] = "athens", ["smo.io/zone"] = "athens-b" })
                .Cluster("plain", region: "spec-region", zone: "spec-zone-a"),
            ("Smo:Karmada:RegionLabel", "smo.io/region"), ("Smo:Karmada:ZoneLabel", "smo.io/zone"));

        var clusters = await inventory.ListAsync();

        Assert.Equal(("athens", "athens-b"), (clusters[0].Region, clusters[0].Zone));
        Assert.Equal(("spec-region", "spec-zone-a"), (clusters[1].Region, clusters[1].Zone));
    }

    [Fact]
    public async Task ListAsync_finds_gpus_in_allocatable_resources_or_the_configured_label()
    {
        var inventory = await InventoryAsync(new FederationScenario()
            .Cluster("a-gpu-resource", gpus: 2)
            .Cluster("b-gpu-label", labels: new JsonObject { ["smo.io/gpu"] = "true" })
            .Cluster("c-none"));
        _karmada!.StoreEditedClusterCopy("c-none", cluster =>
        {
            cluster["metadata"]!["name"] = "d-zero-gpus";
            cluster["status"]!["resourceSummary"]!["allocatable"]!["nvidia.com/gpu"] = "0";
        });

        var clusters = await inventory.ListAsync();

        Assert.Equal([true, true, false, false], clusters.Select(c => c.HasGpu));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12 cores")]
    public async Task ListAsync_fails_naming_cluster_and_field_for_a_malformed_quantity(string quantity)
    {
        var inventory = await InventoryAsync(new FederationScenario().Cluster("good"));
        _karmada!.StoreEditedClusterCopy("good", cluster =>
        {
            cluster["metadata"]!["name"] = "broken";
            cluster["status"]!["resourceSummary"]!["allocatable"]!["cpu"] = quantity;
        });

        var failure = await Assert.ThrowsAsync<AdapterException>(() => inventory.ListAsync());

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains("cluster broken", failure.Message);
        Assert.Contains("status.resourceSummary.allocatable.cpu", failure.Message);
        Assert.Contains(quantity, failure.Message);
    }

    [Fact]
    public async Task ListAsync_fails_when_a_cluster_has_no_name()
    {
        var inventory = await InventoryAsync(new FederationScenario().Cluster("x"));
        _karmada!.StoreEditedClusterCopy("x", cluster => cluster["metadata"]!.AsObject().Remove("name"));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => inventory.ListAsync());

        Assert.Contains("no metadata.name", failure.Message);
    }

    private DateTimeOffset Transition(string cluster) => DateTimeOffset.Parse(
        _karmada!.Stored(Smo.Simulator.Kubernetes.ResourceCatalog.KarmadaClusters, null, cluster)["status"]!["conditions"]!.AsArray()
            .Single(c => c!["type"]!.GetValue<string>() == "Ready")!["lastTransitionTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
