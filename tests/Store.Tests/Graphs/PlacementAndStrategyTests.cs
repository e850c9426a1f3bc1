using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class PlacementAndStrategyTests : StoreTest
{
    [Fact]
    public async Task SetPlacementAsync_replaces_the_placement_and_moves_each_services_cluster()
    {
        await CreateGraphAsync(Graph("g").WithServices("a", "b", "c").Placing("a", "edge-a").Placing("b", "edge-a").Placing("c", "edge-c"));

        var version = await Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "edge-b", ["b"] = "edge-a" }, expectedVersion: 1);

        var stored = (await Graphs.GetAsync("g"))!;
        Assert.Equal(2, version);
        Assert.Equal(2, stored.Version);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "edge-b", ["b"] = "edge-a" }, stored.Placement);
        Assert.Equal(["edge-b", "edge-a", null], stored.Services.Select(s => s.Cluster));
    }

    [Fact]
    public async Task Divisions_are_stored_with_the_placement_and_a_ticks_shares_are_written_only_when_they_change()
    {
        await CreateGraphAsync(Graph("g").WithServices("a", "b").Placing("a", "edge-a").Placing("b", "edge-a"));
        await Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "edge-a", ["b"] = "edge-a" }, expectedVersion: 1,
            new Dictionary<string, IReadOnlyDictionary<string, int>> { ["a"] = new Dictionary<string, int> { ["edge-a"] = 3, ["edge-b"] = 2 } });
        var placed = (await Graphs.GetAsync("g"))!.Services;

        await Graphs.SetDivisionsAsync("g", new Dictionary<string, IReadOnlyDictionary<string, int>> { ["a"] = new Dictionary<string, int> { ["edge-a"] = 3, ["edge-b"] = 2 } });
        var unchanged = (await Graphs.GetAsync("g"))!.Services;
        await Graphs.SetDivisionsAsync("g", new Dictionary<string, IReadOnlyDictionary<string, int>> { ["a"] = new Dictionary<string, int> { ["edge-a"] = 4, ["edge-b"] = 4 } });
        var divided = (await Graphs.GetAsync("g"))!.Services;

        Assert.Equal(new Dictionary<string, int> { ["edge-a"] = 3, ["edge-b"] = 2 }, placed[0].Division);
        Assert.Null(placed[1].Division);
        Assert.Equal(placed[0].Version, unchanged[0].Version);
        Assert.Equal(new Dictionary<string, int> { ["edge-a"] = 4, ["edge-b"] = 4 }, divided[0].Division);
        Assert.Equal(placed[0].Version + 1, divided[0].Version);
        Assert.Equal(placed[1].Version, divided[1].Version);
        await Assert.ThrowsAsync<ArgumentException>(() => Graphs.SetDivisionsAsync("g",
            new Dictionary<string, IReadOnlyDictionary<string, int>> { ["a"] = new Dictionary<string, int> { ["edge-a"] = 0 } }));
    }

    [Fact]
    public async Task SetPlacementAsync_throws_a_concurrency_conflict_for_a_stale_version_and_changes_nothing()
    {
        await CreateGraphAsync(Graph("g").WithServices("a").Placing("a", "edge-a"));
        await Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "edge-b" }, expectedVersion: 1);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "edge-c" }, expectedVersion: 1));

        Assert.Equal(("g", 1L, 2L), (conflict.Graph, conflict.ExpectedVersion, conflict.CurrentVersion));
        Assert.Contains("changed concurrently", conflict.Message, StringComparison.Ordinal);
        var stored = (await Graphs.GetAsync("g"))!;
        Assert.Equal("edge-b", stored.Placement["a"]);
        Assert.Equal("edge-b", stored.Services[0].Cluster);
    }

    [Fact]
    public async Task SetPlacementAsync_lets_only_one_of_two_writers_with_the_same_version_win()
    {
        await CreateGraphAsync(Graph("g").WithServices("a"));

        var writes = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            try
            {
                await Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = $"edge-{i}" }, expectedVersion: 1);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }));
        var outcomes = await Task.WhenAll(writes);

        Assert.Single(outcomes, won => won);
        Assert.Equal(2, (await Graphs.GetAsync("g"))!.Version);
    }

    [Fact]
    public async Task SetPlacementAsync_rejects_a_service_the_graph_does_not_have_and_changes_nothing()
    {
        await CreateGraphAsync(Graph("g").WithServices("a").Placing("a", "edge-a"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "edge-b", ["ghost"] = "edge-b" }, expectedVersion: 1));

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
        var stored = (await Graphs.GetAsync("g"))!;
        Assert.Equal((1L, "edge-a", "edge-a"), (stored.Version, stored.Placement["a"], stored.Services[0].Cluster));
    }

    [Fact]
    public async Task SetPlacementAsync_throws_key_not_found_for_an_unknown_graph()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Graphs.SetPlacementAsync("nowhere", new Dictionary<string, string>(), 1));
    }

    [Fact]
    public async Task SetStrategiesAsync_replaces_the_strategies_under_the_row_version()
    {
        await CreateGraphAsync(Graph("g"));
        var strategies = new GraphStrategies("first-fit", "threshold", new Dictionary<string, double> { ["energy"] = 3 }, TimeSpan.FromSeconds(1));

        var version = await Graphs.SetStrategiesAsync("g", strategies, expectedVersion: 1);

        var stored = (await Graphs.GetAsync("g"))!;
        Assert.Equal(2, version);
        Assert.Equal(("first-fit", "threshold", TimeSpan.FromSeconds(1)), (stored.Strategies.PlacementStrategy, stored.Strategies.ScalingStrategy, stored.Strategies.ScalingInterval));
        Assert.Equal(3, stored.Strategies.Weights["energy"]);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Graphs.SetStrategiesAsync("g", strategies, expectedVersion: 1));
    }

    [Fact]
    public async Task Status_changes_advance_the_row_version_so_stale_placements_conflict()
    {
        await CreateGraphAsync(Graph("g").WithServices("a"));
        await Graphs.UpdateStatusAsync("g", [GraphStatus.Deploying], GraphStatus.Running);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Graphs.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "edge-a" }, expectedVersion: 1));
    }

    [Fact]
    public async Task SetGrafanaUrlAsync_records_the_dashboard_and_returns_false_for_an_unknown_graph()
    {
        await CreateGraphAsync(Graph("g"));

        Assert.True(await Graphs.SetGrafanaUrlAsync("g", "http://grafana/d/g"));
        Assert.False(await Graphs.SetGrafanaUrlAsync("nowhere", "http://grafana/d/x"));

        Assert.Equal("http://grafana/d/g", (await Graphs.GetAsync("g"))!.GrafanaUrl);
    }
}
