using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Karmada;

public sealed class KarmadaClusterInventoryTests : IAsyncLifetime
{
    private FakeKubernetes _karmada = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _karmada = await FakeKubernetes.StartAsync();
        _services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Karmada:Host", _karmada.BaseUrl.ToString()),
            ("Smo:Karmada:GpuLabel", "smo.io/gpu")), AdapterServices.FastResilience("Smo:Karmada"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _karmada.DisposeAsync();
    }

    private IClusterInventory Inventory => _services.GetRequiredService<IClusterInventory>();

    [Fact]
    public async Task ListAsync_reports_free_capacity_as_allocatable_minus_allocated()
    {
        _karmada.Clusters.Add(FakeKubernetes.Cluster("member1", "3700m", "15265636Ki", allocatedCpu: "1635m", allocatedMemory: "1046142Ki"));

        var cluster = Assert.Single(await Inventory.ListAsync());

        Assert.Equal(3.7, cluster.Allocatable.CpuCores, 6);
        Assert.Equal(2.065, cluster.Free.CpuCores, 6);
        Assert.Equal((15265636L - 1046142L) * 1024, cluster.Free.MemoryBytes);
    }

    [Fact]
    public async Task ListAsync_treats_an_omitted_allocated_map_as_nothing_allocated()
    {
        _karmada.Clusters.Add(FakeKubernetes.Cluster("idle", "8", "32Gi"));

        var cluster = Assert.Single(await Inventory.ListAsync());

        Assert.Equal(8, cluster.Free.CpuCores);
        Assert.Equal(32L << 30, cluster.Free.MemoryBytes);
    }

    [Fact]
    public async Task ListAsync_reports_the_ready_condition_and_why_a_cluster_is_not_ready()
    {
        _karmada.Clusters.Add(FakeKubernetes.Cluster("up", "4", "8Gi"));
        _karmada.Clusters.Add(FakeKubernetes.Cluster("down", "4", "8Gi", ready: false));

        var clusters = await Inventory.ListAsync();

        Assert.True(clusters.Single(c => c.Name == "up").Ready);
        var down = clusters.Single(c => c.Name == "down");
        Assert.False(down.Ready);
        Assert.Contains("ClusterNotReachable", down.NotReadyReason);
    }

    [Fact]
    public async Task ListAsync_takes_region_and_zone_from_labels_before_the_spec()
    {
        _karmada.Clusters.Add(FakeKubernetes.Cluster("labelled", "4", "8Gi",
            labels: new JsonObject { ["topology.kubernetes.io/region"] = "athens", ["topology.kubernetes.io/zone"] = "athens-b" }));
        _karmada.Clusters.Add(FakeKubernetes.Cluster("plain", "4", "8Gi"));

        var clusters = await Inventory.ListAsync();

        Assert.Equal(("athens", "athens-b"), (clusters[0].Region, clusters[0].Zone));
        Assert.Equal(("spec-region", "spec-zone-a"), (clusters[1].Region, clusters[1].Zone));
    }

    [Fact]
    public async Task ListAsync_finds_gpus_in_allocatable_resources_or_the_configured_label()
    {
        _karmada.Clusters.Add(FakeKubernetes.Cluster("a-gpu-resource", "4", "8Gi", extraAllocatable: new JsonObject { ["nvidia.com/gpu"] = "2" }));
        _karmada.Clusters.Add(FakeKubernetes.Cluster("b-gpu-label", "4", "8Gi", labels: new JsonObject { ["smo.io/gpu"] = "true" }));
        _karmada.Clusters.Add(FakeKubernetes.Cluster("c-none", "4", "8Gi", extraAllocatable: new JsonObject { ["nvidia.com/gpu"] = "0" }));

        var clusters = await Inventory.ListAsync();

        Assert.Equal([true, true, false], clusters.Select(c => c.HasGpu));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12 cores")]
    public async Task ListAsync_fails_naming_cluster_and_field_for_a_malformed_quantity(string quantity)
    {
        _karmada.Clusters.Add(FakeKubernetes.Cluster("good", "4", "8Gi"));
        _karmada.Clusters.Add(FakeKubernetes.Cluster("broken", quantity, "8Gi"));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Inventory.ListAsync());

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains("cluster broken", failure.Message);
        Assert.Contains("status.resourceSummary.allocatable.cpu", failure.Message);
        Assert.Contains(quantity, failure.Message);
    }

    [Fact]
    public async Task ListAsync_fails_when_a_cluster_has_no_name()
    {
        var nameless = FakeKubernetes.Cluster("x", "4", "8Gi");
        nameless["metadata"]!.AsObject().Remove("name");
        _karmada.Clusters.Add(nameless);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Inventory.ListAsync());

        Assert.Contains("no metadata.name", failure.Message);
    }
}
