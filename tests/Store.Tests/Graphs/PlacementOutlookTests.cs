using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class PlacementOutlookTests : StoreTest
{
    private PlacementOutlooks Outlooks => new(Context);

    private static GraphStrategies Strategies(string placement) => new(placement, "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task SetPlacementAsync_stamps_a_service_that_leaves_its_cluster_but_not_one_placed_for_the_first_time()
    {
        await CreateGraphAsync(Graph("g").WithServices("a", "b", "c").Placing("a", "edge-a").Placing("b", "edge-a"));

        await Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "edge-b", ["b"] = "edge-a", ["c"] = "edge-c" }, expectedVersion: 1);

        var services = (await Graphs.GetAsync("g"))!.Services.ToDictionary(s => s.Name);
        Assert.NotNull(services["a"].MovedAt);
        Assert.Null(services["b"].MovedAt);
        Assert.Null(services["c"].MovedAt);
    }

    [Fact]
    public async Task The_outlook_of_the_last_placement_is_listed_for_running_graphs_of_the_strategies_asked()
    {
        await CreateGraphAsync(Graph("green").WithStatus(GraphStatus.Running).WithStrategies(Strategies("energy-aware")).WithServices("a"));
        await CreateGraphAsync(Graph("plain").WithStatus(GraphStatus.Running).WithStrategies(Strategies("smo-milp")).WithServices("a"));
        await CreateGraphAsync(Graph("stopped").WithStatus(GraphStatus.Stopped).WithStrategies(Strategies("energy-aware")).WithServices("a"));

        Assert.True(await Outlooks.SetAsync("green", new Dictionary<string, ClusterOutlook> { ["edge-a"] = new(300, 0.2) }));
        var listed = await Outlooks.ListRunningAsync(["energy-aware"]);

        var green = Assert.Single(listed);
        Assert.Equal("green", green.Graph);
        Assert.Equal(new ClusterOutlook(300, 0.2), green.Outlook["edge-a"]);
        Assert.Null(green.AskedAt);
        Assert.False(await Outlooks.SetAsync("nowhere", new Dictionary<string, ClusterOutlook>()));
    }

    [Fact]
    public async Task TryClaimAskAsync_lets_a_graph_be_asked_once_per_cooldown()
    {
        await CreateGraphAsync(Graph("g").WithServices("a"));

        var first = await Outlooks.TryClaimAskAsync("g", TimeSpan.FromMinutes(30));
        var again = await Outlooks.TryClaimAskAsync("g", TimeSpan.FromMinutes(30));
        var noCooldown = await Outlooks.TryClaimAskAsync("g", TimeSpan.Zero);

        Assert.True(first);
        Assert.False(again);
        Assert.True(noCooldown);
    }
}
