using System.Text.Json;
using Smo.Store.Nfvcl;
using Smo.Store.Tests.Infrastructure;

namespace Smo.Store.Tests.Nfvcl;

public sealed class OsK8sClusterStoreTests : StoreTest
{
    private OsK8sClusterStore OsK8s => new(Context);

    private static NewOsK8sCluster Blueprint(string id, int area = 1, int workers = 1) =>
        new(id, area, "mgmt", "svc", workers) { MasterFlavors = ["m1.large"] };

    [Fact]
    public async Task CreateAsync_gives_an_id_in_the_original_format_and_stores_every_field()
    {
        var details = JsonDocument.Parse("""{"cluster":"edge-1"}""").RootElement;

        var created = await OsK8s.CreateAsync(Blueprint("K1", area: 3) with { KarmadaDetails = details });

        Assert.Matches(@"^OS_K8S_3_[A-Za-z]{5}$", created.SmoId);
        Assert.Equal(("K1", 3, true, "mgmt", "svc", 1), (created.NfvclId, created.PopArea, created.IsMasterArea, created.ManagementNetwork, created.ServiceNetwork, created.RunningWorkers));
        Assert.Equal(["m1.large"], created.MasterFlavors);
        Assert.Equal("edge-1", created.KarmadaDetails!.Value.GetProperty("cluster").GetString());
        Assert.Equal(created.SmoId, (await OsK8s.GetAsync(created.SmoId))!.SmoId);
    }

    [Fact]
    public async Task CreateAsync_returns_the_stored_row_when_the_blueprint_is_known_already()
    {
        var first = await OsK8s.CreateAsync(Blueprint("K1"));

        var second = await OsK8s.CreateAsync(Blueprint("K1"));

        Assert.Equal(first.SmoId, second.SmoId);
        Assert.Equal(1, await CountAsync("os_k8s_clusters"));
    }

    [Fact]
    public async Task AddWorkerAsync_counts_one_more_worker()
    {
        var created = await OsK8s.CreateAsync(Blueprint("K1", workers: 2));

        var scaled = await OsK8s.AddWorkerAsync(created.SmoId);

        Assert.Equal(3, scaled!.RunningWorkers);
        Assert.Null(await OsK8s.AddWorkerAsync("OS_K8S_1_nope"));
    }

    [Fact]
    public async Task SyncAsync_adds_updates_and_deletes_by_blueprint_id()
    {
        var kept = await OsK8s.CreateAsync(Blueprint("K1"));
        await OsK8s.CreateAsync(Blueprint("K2"));
        await OsK8s.CreateAsync(Blueprint("GONE"));

        var result = await OsK8s.SyncAsync(null, [Blueprint("K1"), Blueprint("K2", workers: 4), Blueprint("K3")]);

        Assert.Equal(["K3"], result.Added.Select(c => c.NfvclId));
        Assert.Equal(["K2"], result.Updated.Select(c => c.NfvclId));
        Assert.Equal(["GONE"], result.Deleted.Select(c => c.NfvclId));
        Assert.Equal([kept.SmoId], result.Unchanged.Select(c => c.SmoId));
        Assert.Equal(4, (await OsK8s.ListAsync()).Single(c => c.NfvclId == "K2").RunningWorkers);
    }

    [Fact]
    public async Task SyncAsync_of_one_area_deletes_only_that_areas_stale_clusters()
    {
        await OsK8s.CreateAsync(Blueprint("A1-STALE", area: 1));
        await OsK8s.CreateAsync(Blueprint("A2", area: 2));

        var result = await OsK8s.SyncAsync(1, [Blueprint("A1-NEW", area: 1)]);

        Assert.Equal(["A1-STALE"], result.Deleted.Select(c => c.NfvclId));
        Assert.Equal(["A1-NEW", "A2"], (await OsK8s.ListAsync()).Select(c => c.NfvclId).Order());
    }

    [Fact]
    public async Task SyncAsync_rejects_a_blueprint_outside_the_synced_area()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => OsK8s.SyncAsync(1, [Blueprint("K9", area: 2)]));

        Assert.Contains("outside the synced area 1", error.Message);
        Assert.Equal(0, await CountAsync("os_k8s_clusters"));
    }

    [Fact]
    public async Task DeleteAsync_removes_the_cluster_and_reports_unknown_ids()
    {
        var created = await OsK8s.CreateAsync(Blueprint("K1"));

        Assert.True(await OsK8s.DeleteAsync(created.SmoId));
        Assert.False(await OsK8s.DeleteAsync(created.SmoId));
    }

    public static TheoryData<NewOsK8sCluster, string> InvalidClusters => new()
    {
        { Blueprint(""), "blueprint id" },
        { Blueprint("K1", area: -2), "pop_area" },
        { Blueprint("K1", workers: -1), "running workers" },
        { Blueprint("K1") with { KarmadaDetails = JsonDocument.Parse("[]").RootElement }, "JSON object" },
    };

    [Theory]
    [MemberData(nameof(InvalidClusters))]
    public async Task CreateAsync_rejects_invalid_clusters_before_sql(NewOsK8sCluster cluster, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => OsK8s.CreateAsync(cluster));

        Assert.Contains(expected, error.Message);
        Assert.Equal(0, await CountAsync("os_k8s_clusters"));
    }
}
