using System.Text.Json;
using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class ServiceUpdateTests : StoreTest
{
    [Fact]
    public async Task UpdateServiceAsync_changes_only_the_fields_it_sets()
    {
        await CreateGraphAsync(Graph("g").With(Service("a") with { GrafanaUrl = "http://grafana/d/a", DesiredReplicas = 2 }));

        var updated = await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = ServiceStatus.Deployed });

        var stored = (await Graphs.GetAsync("g"))!.Services[0];
        Assert.True(updated);
        Assert.Equal((ServiceStatus.Deployed, 2, "http://grafana/d/a"), (stored.Status, stored.DesiredReplicas, stored.GrafanaUrl));
    }

    [Fact]
    public async Task UpdateServiceAsync_with_the_version_read_applies_once_and_a_stale_writer_changes_nothing()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        var read = (await Graphs.GetAsync("g"))!.Services[0];

        var fresh = await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = ServiceStatus.Deployed, ExpectedVersion = read.Version });
        var stale = await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = ServiceStatus.Failed, ExpectedVersion = read.Version });

        var stored = (await Graphs.GetAsync("g"))!.Services[0];
        Assert.True(fresh);
        Assert.False(stale);
        Assert.Equal(ServiceStatus.Deployed, stored.Status);
        Assert.Equal(read.Version + 1, stored.Version);
    }

    [Fact]
    public async Task Every_change_of_a_service_row_moves_its_version()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        var before = (await Graphs.GetAsync("g"))!.Services[0].Version;

        await Graphs.SetDesiredReplicasAsync("g", new Dictionary<string, int> { ["a"] = 3 });

        Assert.True((await Graphs.GetAsync("g"))!.Services[0].Version > before);
    }

    [Fact]
    public async Task UpdateServiceAsync_replaces_values_alert_rules_scaling_and_replicas()
    {
        await CreateGraphAsync(Graph("g").WithServices("a"));
        var values = JsonSerializer.SerializeToElement(new { clustersAffinity = new[] { "edge-b" } });
        var rules = new ServiceAlertRule[] { new("first", "a > 1", "10s"), new("second", "b > 1", "20s", "second event") };

        await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate
        {
            HelmValues = values,
            AlertRules = rules,
            Scaling = new ScalingParameters(3, 0.5, 0, 9),
            DesiredReplicas = 4,
            GrafanaUrl = "http://grafana/d/a2",
        });

        var stored = (await Graphs.GetAsync("g"))!.Services[0];
        Assert.True(JsonElement.DeepEquals(values, stored.HelmValues));
        Assert.Equal(rules, stored.AlertRules);
        Assert.Equal(new ScalingParameters(3, 0.5, 0, 9), stored.Scaling);
        Assert.Equal((4, "http://grafana/d/a2"), (stored.DesiredReplicas, stored.GrafanaUrl));
    }

    [Fact]
    public async Task UpdateServiceAsync_keeps_the_helm_revision_with_the_status_change_that_made_it_and_only_with_one()
    {
        await CreateGraphAsync(Graph("g").WithServices("a"));

        await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = ServiceStatus.Deployed, HelmRevision = 3 });
        var installed = (await Graphs.GetAsync("g"))!.Services[0].HelmRevision;
        await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { DesiredReplicas = 4 });
        var scaled = (await Graphs.GetAsync("g"))!.Services[0].HelmRevision;
        await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = ServiceStatus.NotDeployed });
        var uninstalled = (await Graphs.GetAsync("g"))!.Services[0].HelmRevision;

        Assert.Equal((3, 3, (int?)null), (installed, scaled, uninstalled));
    }

    [Theory]
    [InlineData(null, 2)]
    [InlineData(ServiceStatus.Deployed, 0)]
    public async Task UpdateServiceAsync_refuses_a_helm_revision_without_a_status_change_or_below_one(ServiceStatus? status, int revision)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = status, DesiredReplicas = 1, HelmRevision = revision }));

        Assert.Contains($"Helm revision {revision} must be at least 1 and goes with the status change", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateServiceAsync_returns_false_for_an_unknown_service()
    {
        await CreateGraphAsync(Graph("g").WithServices("a"));

        Assert.False(await Graphs.UpdateServiceAsync("g", "ghost", new ServiceUpdate { DesiredReplicas = 1 }));
        Assert.False(await Graphs.UpdateServiceAsync("nowhere", "a", new ServiceUpdate { DesiredReplicas = 1 }));
    }

    [Fact]
    public async Task UpdateServiceAsync_touches_only_the_named_graphs_service()
    {
        await CreateGraphAsync(Graph("one").WithServices("web"));
        await CreateGraphAsync(Graph("two").WithServices("web"));

        await Graphs.UpdateServiceAsync("one", "web", new ServiceUpdate { Status = ServiceStatus.Failed });

        Assert.Equal(ServiceStatus.Failed, (await Graphs.GetAsync("one"))!.Services[0].Status);
        Assert.Equal(ServiceStatus.Pending, (await Graphs.GetAsync("two"))!.Services[0].Status);
    }

    [Fact]
    public async Task UpdateServiceAsync_rejects_negative_replicas()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { DesiredReplicas = -1 }));

        Assert.Contains("desired replicas is -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateServiceAsync_rejects_an_update_that_changes_nothing()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate()));

        Assert.Contains("changes nothing", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<ServiceStatus> ServiceStatuses => [.. Enum.GetValues<ServiceStatus>()];

    [Theory]
    [MemberData(nameof(ServiceStatuses))]
    public async Task Every_service_status_round_trips_through_the_schema(ServiceStatus status)
    {
        await CreateGraphAsync(Graph("g").WithServices("a"));

        await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = status });

        Assert.Equal(status, (await Graphs.GetAsync("g"))!.Services[0].Status);
    }

    [Fact]
    public async Task SetDesiredReplicasAsync_records_every_services_replicas()
    {
        await CreateGraphAsync(Graph("g").WithServices("a", "b", "c"));

        await Graphs.SetDesiredReplicasAsync("g", new Dictionary<string, int> { ["a"] = 3, ["c"] = 0 });

        Assert.Equal([3, 1, 0], (await Graphs.GetAsync("g"))!.Services.Select(s => s.DesiredReplicas));
    }

    [Fact]
    public async Task SetDesiredReplicasAsync_records_nothing_when_a_service_is_unknown()
    {
        await CreateGraphAsync(Graph("g").WithServices("a", "b"));

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Graphs.SetDesiredReplicasAsync("g", new Dictionary<string, int> { ["a"] = 5, ["ghost"] = 2 }));

        Assert.Contains("ghost", error.Message, StringComparison.Ordinal);
        Assert.Equal([1, 1], (await Graphs.GetAsync("g"))!.Services.Select(s => s.DesiredReplicas));
    }

    [Fact]
    public async Task SetDesiredReplicasAsync_writes_nothing_for_a_service_already_at_its_count()
    {
        await CreateGraphAsync(Graph("g").With(Service("a") with { DesiredReplicas = 2 }));
        var before = (await Graphs.GetAsync("g"))!.Services[0];

        var applied = await Graphs.SetDesiredReplicasAsync("g", new Dictionary<string, int> { ["a"] = 2 });

        var after = (await Graphs.GetAsync("g"))!.Services[0];
        Assert.True(applied);
        Assert.Equal((before.Version, before.UpdatedAt), (after.Version, after.UpdatedAt));
    }

    [Fact]
    public async Task SetDesiredReplicasAsync_with_the_versions_read_leaves_a_service_changed_since_and_says_so()
    {
        await CreateGraphAsync(Graph("g").WithServices("a", "b"));
        var read = (await Graphs.GetAsync("g"))!.Services.ToDictionary(s => s.Name, s => s.Version);
        // A newer decision (the retry on another host) scales a to 4 after the stale run read the rows.
        await Graphs.SetDesiredReplicasAsync("g", new Dictionary<string, int> { ["a"] = 4 }, read);

        var applied = await Graphs.SetDesiredReplicasAsync("g", new Dictionary<string, int> { ["a"] = 2, ["b"] = 3 }, read);

        Assert.False(applied);
        Assert.Equal([4, 3], (await Graphs.GetAsync("g"))!.Services.Select(s => s.DesiredReplicas));
    }
}
