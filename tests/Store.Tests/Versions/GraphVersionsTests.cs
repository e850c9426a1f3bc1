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
