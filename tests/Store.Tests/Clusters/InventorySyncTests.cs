using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.Inventory;

namespace Smo.Store.Tests.Clusters;

public sealed class InventorySyncTests : StoreTest
{
    [Fact]
    public async Task UpsertFromInventoryAsync_adds_clusters_seen_for_the_first_time()
    {
        var result = await Clusters.UpsertFromInventoryAsync([Cluster("edge-b"), Cluster("edge-a")]);

        Assert.Equal(["edge-b", "edge-a"], result.Added);
        Assert.Empty(result.Updated);
        Assert.Empty(result.Removed);
        var stored = await Clusters.ListAsync();
        Assert.Equal(["edge-a", "edge-b"], stored.Select(c => c.Name));
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_stores_every_reported_field()
    {
        var reported = Cluster("edge-a") with { Gpu = true, GrafanaUrl = "http://grafana/d/edge-a", PodCidr = "10.42.0.0/16", ServiceCidr = "10.43.0.0/16" };

        await Clusters.UpsertFromInventoryAsync([reported]);

        var stored = await Clusters.GetAsync("edge-a");
        Assert.NotNull(stored);
        Assert.Equal((8.0, 6.0, 32.0, 24.0), (stored.CpuAllocatable, stored.CpuAvailable, stored.MemoryAllocatableGiB, stored.MemoryAvailableGiB));
        Assert.True(stored.Gpu);
        Assert.True(stored.Available);
        Assert.Equal(("eu-west", "eu-west-1a"), (stored.Region, stored.Zone));
        Assert.Equal(reported.Labels, stored.Labels);
        Assert.Equal(("http://grafana/d/edge-a", "10.42.0.0/16", "10.43.0.0/16"), (stored.GrafanaUrl, stored.PodCidr, stored.ServiceCidr));
        Assert.Equal(TimeSpan.Zero, stored.FirstSeenAt.Offset);
        Assert.InRange(stored.FirstSeenAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(stored.RemovedAt);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_separates_changed_from_unchanged_clusters()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);

        var result = await Clusters.UpsertFromInventoryAsync([Cluster("edge-a", cpuAvailable: 2.5), Cluster("edge-b")]);

        Assert.Equal(["edge-a"], result.Updated);
        Assert.Equal(["edge-b"], result.Unchanged);
        Assert.Equal(2.5, (await Clusters.GetAsync("edge-a"))!.CpuAvailable);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_reports_no_changes_when_karmada_reports_the_same()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        var result = await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        Assert.False(result.HasChanges);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_marks_missing_clusters_removed_without_deleting_them()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);

        var result = await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        Assert.Equal(["edge-b"], result.Removed);
        Assert.Equal(["edge-a"], (await Clusters.ListAsync()).Select(c => c.Name));
        var removed = Assert.Single(await Clusters.ListAsync(includeRemoved: true), c => c.Name == "edge-b");
        Assert.NotNull(removed.RemovedAt);
        Assert.False(removed.Available);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_reports_a_removal_only_once()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        var again = await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        Assert.Empty(again.Removed);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_counts_a_returning_cluster_as_added_and_clears_its_removal()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        var result = await Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);

        Assert.Equal(["edge-b"], result.Added);
        Assert.Null((await Clusters.GetAsync("edge-b"))!.RemovedAt);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_keeps_the_energy_profile_set_through_the_api()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);
        await Clusters.SetEnergyProfileAsync("edge-a", Profile(carbon: 123));

        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a", cpuAvailable: 1)]);

        var stored = await Clusters.GetAsync("edge-a");
        Assert.Equal(123, stored!.EnergyProfile?.CarbonGramsPerKWh);
        Assert.Equal(1, stored.CpuAvailable);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_keeps_the_dashboard_and_cidrs_when_a_sync_does_not_carry_them()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a") with { GrafanaUrl = "http://grafana/d/edge-a", PodCidr = "10.42.0.0/16" }]);

        var result = await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        var stored = await Clusters.GetAsync("edge-a");
        Assert.Equal(("http://grafana/d/edge-a", "10.42.0.0/16"), (stored!.GrafanaUrl, stored.PodCidr));
        Assert.Equal(["edge-a"], result.Unchanged);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_records_readiness_changes()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        var result = await Clusters.UpsertFromInventoryAsync([Cluster("edge-a", ready: false)]);

        Assert.Equal(["edge-a"], result.Updated);
        Assert.False((await Clusters.GetAsync("edge-a"))!.Available);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_with_an_empty_inventory_marks_every_cluster_removed()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);

        var result = await Clusters.UpsertFromInventoryAsync([]);

        Assert.Equal(["edge-a", "edge-b"], result.Removed);
        Assert.Empty(await Clusters.ListAsync());
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_reports_each_addition_once_when_hosts_sync_at_once()
    {
        var inventory = Enumerable.Range(0, 5).Select(i => Cluster($"edge-{i}")).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Clusters.UpsertFromInventoryAsync(inventory))));

        Assert.Equal(inventory.Select(c => c.Name).Order(), results.SelectMany(r => r.Added).Order());
        Assert.Equal(5, await CountAsync("clusters"));
    }
}
