using System.Text.Json;
using Smo.Store.Decisions;
using Smo.Store.Paging;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.DecisionSamples;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Decisions;

/// <summary>A graph's decision history read page by page: keyset order, filters, windows, and the replica traces.</summary>
public sealed class DecisionPagingTests : StoreTest
{
    private static readonly DateTimeOffset Instant = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateGraphAsync(Graph("g"));
    }

    [Fact]
    public async Task PageAsync_pages_rows_of_one_instant_newest_first_without_repeating_or_skipping_any()
    {
        await RecordAtAsync(Instant.AddSeconds(-1), 2);
        await RecordAtAsync(Instant, 7);
        await RecordAtAsync(Instant.AddSeconds(1), 1);
        var expected = await IdsNewestFirstAsync();

        var read = await ReadAllAsync(DecisionFilter.All, pageSize: 3);

        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, read.Ids);
        Assert.Equal([3, 3, 3, 1], read.PageSizes);
    }

    [Fact]
    public async Task PageAsync_keeps_its_next_pages_when_decisions_are_recorded_meanwhile()
    {
        for (var i = 0; i < 5; i++)
        {
            await Decisions.AppendAsync(Placement("g", $"before {i}"));
        }

        var first = await Decisions.PageAsync("g", DecisionFilter.All, new LogWindow(null, null, null, 2));
        await Decisions.AppendAsync(Placement("g", "meanwhile 1"));
        await Decisions.AppendAsync(Placement("g", "meanwhile 2"));
        var second = await Decisions.PageAsync("g", DecisionFilter.All, new LogWindow(null, null, first.Next, 10));

        Assert.Equal(["before 4", "before 3"], first.Items.Select(d => d.Reason));
        Assert.Equal(["before 2", "before 1", "before 0"], second.Items.Select(d => d.Reason));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task PageAsync_reads_only_the_kinds_and_triggers_asked_for()
    {
        await Decisions.AppendAsync(Placement("g", "placed"));
        await Decisions.AppendAsync(Scaling("g", latencyMs: 12));
        await Decisions.AppendAsync(Scaling("g", latencyMs: null) with { Trigger = DecisionTrigger.Load, Reason = "load" });
        await Decisions.AppendAsync(Placement("g", "replaced") with { Kind = DecisionKind.Replacement, Trigger = DecisionTrigger.Api });

        var scaling = await Decisions.PageAsync("g", new DecisionFilter([DecisionKind.Scaling], []), new LogWindow(null, null, null, 10));
        var load = await Decisions.PageAsync("g", new DecisionFilter([DecisionKind.Scaling], [DecisionTrigger.Load]), new LogWindow(null, null, null, 10));
        var placements = await Decisions.PageAsync("g", new DecisionFilter([DecisionKind.Placement, DecisionKind.Replacement], []), new LogWindow(null, null, null, 10));

        Assert.Equal(2, scaling.Items.Count);
        Assert.All(scaling.Items, d => Assert.Equal(DecisionKind.Scaling, d.Kind));
        Assert.Equal(["load"], load.Items.Select(d => d.Reason));
        Assert.Equal(["replaced", "placed"], placements.Items.Select(d => d.Reason));
    }

    [Fact]
    public async Task PageAsync_reads_the_window_from_since_up_to_before_until()
    {
        await RecordAtAsync(Instant.AddMinutes(-1), 1);
        await RecordAtAsync(Instant, 2);
        await RecordAtAsync(Instant.AddMinutes(1), 3);

        var page = await Decisions.PageAsync("g", DecisionFilter.All, new LogWindow(Instant, Instant.AddMinutes(1), null, 10));

        Assert.Equal(2, page.Items.Count);
        Assert.All(page.Items, d => Assert.Equal(Instant, d.CreatedAt));
    }

    [Fact]
    public async Task PageAsync_refuses_a_window_that_ends_before_it_starts_and_limits_out_of_range()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Decisions.PageAsync("g", DecisionFilter.All, new LogWindow(Instant, Instant, null, 10)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Decisions.PageAsync("g", DecisionFilter.All, new LogWindow(null, null, null, 0)));
    }

    [Fact]
    public async Task ReplicaTracesAsync_returns_the_decisions_that_placed_or_scaled_oldest_first_with_their_replica_parts()
    {
        await Decisions.AppendAsync(Placement("g") with
        {
            Inputs = JsonSerializer.SerializeToElement(new { services = new[] { new { name = "a", replicas = 1 } }, clusters = new[] { new { name = "edge-a" } } }),
            Result = JsonSerializer.SerializeToElement(new { assignment = new { a = "edge-a" }, divisions = new { } }),
        });
        await Decisions.AppendAsync(Scaling("g", latencyMs: null, DecisionStatus.Infeasible));
        await Decisions.AppendAsync(Scaling("g", latencyMs: 12));

        var traces = await Decisions.ReplicaTracesAsync("g", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1), 10);

        Assert.Equal([DecisionKind.Placement, DecisionKind.Scaling], traces.Select(t => t.Kind));
        Assert.Equal("edge-a", traces[0].Assignment.GetProperty("a").GetString());
        Assert.Equal(1, traces[0].Services[0].GetProperty("replicas").GetInt32());
        Assert.Equal(JsonValueKind.Null, traces[0].Replicas.ValueKind);
        Assert.Equal(2, traces[1].Replicas.GetProperty("a").GetInt32());
        Assert.Equal(JsonValueKind.Null, traces[1].Assignment.ValueKind);
    }

    /// <summary>Records <paramref name="count"/> scaling decisions at one instant, as one tick over many clusters does.</summary>
    private Task<long> RecordAtAsync(DateTimeOffset at, int count) => TestDatabase.ScalarAsync<long>(
        $$"""
        WITH added AS (
            INSERT INTO {{Context.Decisions}} (graph, kind, strategy, trigger, inputs, result, status, reason, duration_ms, created_at)
            SELECT 'g', 'scaling', 'smo-milp', 'tick', '{}'::jsonb, '{}'::jsonb, 'Optimal', 'tick ' || n, 1, '{{at:O}}'::timestamptz FROM generate_series(1, {{count}}) n
            RETURNING id)
        SELECT count(*) FROM added
        """);

    private async Task<List<long>> IdsNewestFirstAsync()
    {
        var all = await Decisions.LatestAsync("g", 1000);
        return [.. all.Select(d => d.Id)];
    }

    private async Task<(List<long> Ids, List<int> PageSizes)> ReadAllAsync(DecisionFilter filter, int pageSize)
    {
        var ids = new List<long>();
        var sizes = new List<int>();
        LogPosition? after = null;
        do
        {
            var page = await Decisions.PageAsync("g", filter, new LogWindow(null, null, after, pageSize));
            ids.AddRange(page.Items.Select(d => d.Id));
            sizes.Add(page.Items.Count);
            after = page.Next;
        }
        while (after is not null);

        return (ids, sizes);
    }
}
