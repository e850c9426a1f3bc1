using System.Text.Json;
using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using Smo.Store.Versions;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Versions;

public sealed class GraphVersionsTests : StoreTest
{
    private GraphVersions Versions => new(Context);

    [Fact]
    public async Task ListAsync_of_a_graph_never_updated_has_its_deploy_as_version_1_current()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));

        var versions = await Versions.ListAsync("g");

        var first = Assert.Single(versions);
        Assert.Equal((1, VersionOrigin.Deploy, VersionState.Applied, true), (first.Number, first.Origin, first.State, first.Current));
    }

    [Fact]
    public async Task AddPendingAsync_numbers_after_the_newest_and_refuses_a_second_pending_version()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        var read = (await Graphs.GetAsync("g"))!;

        var second = await Versions.AddPendingAsync(Pending(), read.Version, keep: 20);
        var third = await Versions.AddPendingAsync(Pending(), read.Version, keep: 20);

        Assert.Equal(2, second);
        Assert.Null(third);
        Assert.Equal([2, 1], (await Versions.ListAsync("g")).Select(v => v.Number));
    }

    [Fact]
    public async Task AddPendingAsync_refuses_a_graph_changed_since_it_was_read()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        var read = (await Graphs.GetAsync("g"))!;
        await Graphs.SetGrafanaUrlAsync("g", "http://grafana/d/g");

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Versions.AddPendingAsync(Pending(), read.Version, keep: 20));

        Assert.Single(await Versions.ListAsync("g"));
    }

    [Fact]
    public async Task AddPendingAsync_keeps_the_newest_and_the_current_version()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        for (var i = 0; i < 3; i++)
        {
            var number = (await Versions.AddPendingAsync(Pending(), (await Graphs.GetAsync("g"))!.Version, keep: 2))!.Value;
            await Versions.SettleAsync("g", number, VersionState.Failed, "helm said no");
        }

        var kept = await Versions.ListAsync("g");

        Assert.Equal([4, 3, 1], kept.Select(v => v.Number));
        Assert.True(kept.Single(v => v.Number == 1).Current);
    }

    [Fact]
    public async Task SettleAsync_failed_gives_the_graph_its_reason_and_a_later_applied_version_clears_it()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        var version = (await Graphs.GetAsync("g"))!.Version;
        var failed = (await Versions.AddPendingAsync(Pending(), version, keep: 20))!.Value;
        await Versions.SettleAsync("g", failed, VersionState.Failed, "Update to version 2 failed: a: helm said no");
        var withReason = (await Graphs.GetAsync("g"))!;
        var applied = (await Versions.AddPendingAsync(Pending(), withReason.Version, keep: 20))!.Value;

        await Versions.SettleAsync("g", applied, VersionState.Applied, null);

        Assert.Equal("Update to version 2 failed: a: helm said no", withReason.FailureReason);
        Assert.Null((await Graphs.GetAsync("g"))!.FailureReason);
        Assert.Equal(VersionState.Failed, (await Versions.ListAsync("g")).Single(v => v.Number == failed).State);
    }

    [Fact]
    public async Task SettleAsync_of_a_version_not_pending_changes_nothing_of_the_graph()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        var failed = (await Versions.AddPendingAsync(Pending(), (await Graphs.GetAsync("g"))!.Version, keep: 20))!.Value;
        await Versions.SettleAsync("g", failed, VersionState.Failed, "Update to version 2 failed: a: helm said no");
        var before = (await Graphs.GetAsync("g"))!;

        var refusedAgain = await Versions.SettleAsync("g", failed, VersionState.Failed, "Update to version 2 refused: the graph is stopping.");
        var appliedAgain = await Versions.SettleAsync("g", 1, VersionState.Applied, null);

        Assert.False(refusedAgain || appliedAgain);
        var after = (await Graphs.GetAsync("g"))!;
        Assert.Equal(("Update to version 2 failed: a: helm said no", before.Version), (after.FailureReason, after.Version));
        Assert.Equal("Update to version 2 failed: a: helm said no", (await Versions.ListAsync("g")).Single(v => v.Number == failed).FailureReason);
    }

    [Fact]
    public async Task SettleAsync_applied_keeps_a_failure_reason_no_failed_version_gave()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")));
        await TestDatabase.ScalarAsync<int>($"UPDATE {Context.Graphs} SET failure_reason = 'set by something else' WHERE name = 'g' RETURNING 1");
        var applied = (await Versions.AddPendingAsync(Pending(), (await Graphs.GetAsync("g"))!.Version, keep: 20))!.Value;

        Assert.True(await Versions.SettleAsync("g", applied, VersionState.Applied, null));

        Assert.Equal("set by something else", (await Graphs.GetAsync("g"))!.FailureReason);
    }

    [Fact]
    public async Task RemoveServicesAsync_forgets_services_without_a_release_and_keeps_failed_those_that_may_have_one()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")).With(Service("uninstalled")).With(Service("left")).With(Service("failed")).With(Service("pending")));
        await Graphs.UpdateServiceAsync("g", "uninstalled", new ServiceUpdate { Status = ServiceStatus.NotDeployed });
        await Graphs.UpdateServiceAsync("g", "left", new ServiceUpdate { Status = ServiceStatus.Deployed, HelmRevision = 2 });
        await Graphs.UpdateServiceAsync("g", "failed", new ServiceUpdate { Status = ServiceStatus.Failed });

        await Versions.RemoveServicesAsync("g", ["uninstalled", "left", "failed", "pending"]);

        var services = (await Graphs.GetAsync("g"))!.Services;
        Assert.Equal(["a", "failed", "left"], services.Select(s => s.Name).Order());
        Assert.All(services.Where(s => s.Name != "a"), s => Assert.Equal(ServiceStatus.Failed, s.Status));
    }

    [Fact]
    public async Task SwitchAsync_deleting_others_keeps_failed_a_service_whose_release_may_be_left()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")).With(Service("added")).With(Service("stuck")));
        await Graphs.UpdateServiceAsync("g", "stuck", new ServiceUpdate { Status = ServiceStatus.Deployed, HelmRevision = 1 });

        await Versions.SwitchAsync(new VersionSwitch("g", 1, JsonDocument.Parse("""{"hdaGraph": {"id": "g"}}""").RootElement, Graph("g").Build().Strategies,
            [Service("a")], DeleteOthers: true));

        var services = (await Graphs.GetAsync("g"))!.Services;
        Assert.Equal(["a", "stuck"], services.Select(s => s.Name));
        Assert.Equal(ServiceStatus.Failed, services[1].Status);
    }

    [Fact]
    public async Task SwitchAsync_keeping_the_rows_a_version_removes_writes_a_version_with_more_services_than_before()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")).With(Service("b")).With(Service("removed")));

        await Versions.SwitchAsync(new VersionSwitch("g", 2, JsonDocument.Parse("""{"hdaGraph": {"id": "g"}}""").RootElement, Graph("g").Build().Strategies,
            [Service("a"), Service("b"), Service("c"), Service("d"), Service("e"), Service("f"), Service("h")], DeleteOthers: false));

        Assert.Equal(["a", "b", "c", "d", "e", "f", "h", "removed"], (await Graphs.GetAsync("g"))!.Services.Select(s => s.Name));
    }

    [Fact]
    public async Task SwitchAsync_keeps_what_a_service_has_become_and_adds_new_ones_pending()
    {
        await CreateGraphAsync(Graph("g").With(Service("a")).With(Service("b")));
        await Graphs.UpdateServiceAsync("g", "a", new ServiceUpdate { Status = ServiceStatus.Deployed, HelmRevision = 3, DesiredReplicas = 4 });
        var values = JsonDocument.Parse("""{"replicaCount": 2}""").RootElement;

        await Versions.SwitchAsync(new VersionSwitch("g", 2, JsonDocument.Parse("""{"hdaGraph": {"id": "g"}}""").RootElement, Graph("g").Build().Strategies,
            [Service("c"), Service("a") with { HelmValues = values }], DeleteOthers: true));

        var graph = (await Graphs.GetAsync("g"))!;
        Assert.Equal(["c", "a"], graph.Services.Select(s => s.Name));
        var a = graph.Services[1];
        Assert.Equal((ServiceStatus.Deployed, 3, 4, 2), (a.Status, a.HelmRevision, a.DesiredReplicas, a.HelmValues.GetProperty("replicaCount").GetInt32()));
        Assert.Equal(ServiceStatus.Pending, graph.Services[0].Status);
        Assert.Equal(2, (await Versions.ListAsync("g")).Single(v => v.Current).Number);
    }

    private static NewGraphVersion Pending() =>
        new("g", JsonDocument.Parse("""{"hdaGraph": {"id": "g", "version": "2"}}""").RootElement, "2", VersionOrigin.Update, "Changed a (values).", null);
}
