using Smo.Store.Alerts;
using Smo.Store.Events;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.DecisionSamples;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class DeleteGraphTests : StoreTest
{
    [Fact]
    public async Task DeleteAsync_purges_the_graph_with_its_services_decisions_events_and_alert_deliveries()
    {
        await CreateGraphAsync(Graph("doomed").WithServices("a", "b"));
        await Decisions.AppendAsync(Placement("doomed"));
        await Events.AppendAsync(new NewEvent("doomed", "a", "deploy.helm-installed", "installed a"));
        await Alerts.TryRecordAsync(new AlertDeliveryKey("doomed", "b", "f1", DateTimeOffset.UtcNow));

        var deleted = await Graphs.DeleteAsync("doomed");

        Assert.True(deleted);
        Assert.Null(await Graphs.GetAsync("doomed"));
        Assert.Equal((0L, 0L, 0L, 0L), (await CountAsync("services"), await CountAsync("decisions"), await CountAsync("events"), await CountAsync("alert_deliveries")));
    }

    [Fact]
    public async Task DeleteAsync_leaves_other_graphs_and_federation_events_alone()
    {
        await CreateGraphAsync(Graph("doomed").WithServices("web"));
        await CreateGraphAsync(Graph("kept").WithServices("web"));
        await Events.AppendAsync(new NewEvent(null, null, "inventory.changed", "edge-c joined"));

        await Graphs.DeleteAsync("doomed");

        Assert.Equal(["web"], (await Graphs.GetAsync("kept"))!.Services.Select(s => s.Name));
        Assert.Single(await Events.LatestAsync(null, 10));
    }

    [Fact]
    public async Task DeleteAsync_returns_false_for_an_unknown_graph()
    {
        Assert.False(await Graphs.DeleteAsync("nowhere"));
    }

    [Fact]
    public async Task A_deleted_graphs_name_can_be_deployed_again_from_scratch()
    {
        await CreateGraphAsync(Graph("again").WithServices("old"));
        await Decisions.AppendAsync(Placement("again"));
        await Graphs.DeleteAsync("again");

        await CreateGraphAsync(Graph("again").WithServices("new"));

        Assert.Equal(["new"], (await Graphs.GetAsync("again"))!.Services.Select(s => s.Name));
        Assert.Empty(await Decisions.LatestAsync("again", 10));
    }
}
