using System.Text.Json;
using Npgsql;
using Smo.Store.Decisions;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.DecisionSamples;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Decisions;

public sealed class DecisionLogTests : StoreTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateGraphAsync(Graph("g"));
    }

    [Fact]
    public async Task AppendAsync_round_trips_every_field()
    {
        var decision = Placement("g");

        var recorded = await Decisions.AppendAsync(decision);

        var stored = Assert.Single(await Decisions.LatestAsync("g", 10));
        Assert.Equal(recorded.Id, stored.Id);
        Assert.Equal((decision.Graph, decision.Kind, decision.Strategy, decision.Trigger, decision.Status, decision.Reason),
            (stored.Graph, stored.Kind, stored.Strategy, stored.Trigger, stored.Status, stored.Reason));
        Assert.True(JsonElement.DeepEquals(decision.Inputs, stored.Inputs));
        Assert.True(JsonElement.DeepEquals(decision.Result, stored.Result));
        Assert.Equal(decision.Objective, stored.Objective);
        Assert.Equal(TimeSpan.FromMilliseconds(3.25), stored.Duration);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
    }

    [Fact]
    public async Task LatestAsync_returns_the_newest_first_up_to_the_limit()
    {
        foreach (var reason in new[] { "first", "second", "third" })
        {
            await Decisions.AppendAsync(Placement("g", reason));
        }

        var latest = await Decisions.LatestAsync("g", 2);

        Assert.Equal(["third", "second"], latest.Select(d => d.Reason));
    }

    [Fact]
    public async Task LatestAsync_returns_only_the_graphs_decisions()
    {
        await CreateGraphAsync(Graph("other"));
        await Decisions.AppendAsync(Placement("other"));

        Assert.Empty(await Decisions.LatestAsync("g", 10));
    }

    [Fact]
    public async Task LatestAsync_of_kinds_and_statuses_skips_the_others_however_many_came_after()
    {
        await Decisions.AppendAsync(Placement("g", "placed"));
        await Decisions.AppendAsync(Placement("g", "replaced") with { Kind = DecisionKind.Replacement });
        await Decisions.AppendAsync(Placement("g", "refused") with { Kind = DecisionKind.Replacement, Status = DecisionStatus.Infeasible });
        for (var tick = 0; tick < 3; tick++)
        {
            await Decisions.AppendAsync(Scaling("g", latencyMs: null));
        }

        var placements = await Decisions.LatestAsync("g", [DecisionKind.Placement, DecisionKind.Replacement], [DecisionStatus.Optimal, DecisionStatus.Feasible], 10);
        var scaling = await Decisions.LatestAsync("g", [DecisionKind.Scaling], [DecisionStatus.Optimal], 2);

        Assert.Equal(["replaced", "placed"], placements.Select(d => d.Reason));
        Assert.Equal([DecisionKind.Scaling, DecisionKind.Scaling], scaling.Select(d => d.Kind));
    }

    [Fact]
    public async Task AppendAsync_records_infeasibility_as_data()
    {
        var infeasible = Placement("g") with
        {
            Kind = DecisionKind.Scaling,
            Trigger = DecisionTrigger.InfeasibleScaling,
            Status = DecisionStatus.Infeasible,
            Result = JsonSerializer.SerializeToElement<object?>(null),
            Objective = new Dictionary<string, double>(),
            Reason = "noise-reduction needs 9 cores; edge-a has 6",
        };

        await Decisions.AppendAsync(infeasible);

        var stored = Assert.Single(await Decisions.LatestAsync("g", 1));
        Assert.Equal((DecisionStatus.Infeasible, JsonValueKind.Null), (stored.Status, stored.Result.ValueKind));
    }

    [Fact]
    public async Task AppendAsync_stores_kinds_and_triggers_in_kebab_case()
    {
        await Decisions.AppendAsync(Placement("g") with { Kind = DecisionKind.Replacement, Trigger = DecisionTrigger.InfeasibleScaling });

        var text = await TestDatabase.ScalarAsync<string>($"SELECT kind || ' ' || trigger FROM {Context.Decisions}");

        Assert.Equal("replacement infeasible-scaling", text);
    }

    public static TheoryData<DecisionKind, DecisionTrigger, DecisionStatus> EveryValue()
    {
        var data = new TheoryData<DecisionKind, DecisionTrigger, DecisionStatus>();
        var kinds = Enum.GetValues<DecisionKind>();
        var triggers = Enum.GetValues<DecisionTrigger>();
        var statuses = Enum.GetValues<DecisionStatus>();
        for (var i = 0; i < Math.Max(kinds.Length, Math.Max(triggers.Length, statuses.Length)); i++)
        {
            data.Add(kinds[i % kinds.Length], triggers[i % triggers.Length], statuses[i % statuses.Length]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryValue))]
    public async Task Every_kind_trigger_and_status_round_trips_through_the_schema(DecisionKind kind, DecisionTrigger trigger, DecisionStatus status)
    {
        await Decisions.AppendAsync(Placement("g") with { Kind = kind, Trigger = trigger, Status = status });

        var stored = Assert.Single(await Decisions.LatestAsync("g", 1));

        Assert.Equal((kind, trigger, status), (stored.Kind, stored.Trigger, stored.Status));
    }

    [Fact]
    public async Task Decisions_cannot_be_rewritten()
    {
        await Decisions.AppendAsync(Placement("g"));

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var update = TestDatabase.DataSource.CreateCommand($"UPDATE {Context.Decisions} SET reason = 'rewritten'");
            await update.ExecuteNonQueryAsync();
        });

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal("cheapest feasible placement", (await Decisions.LatestAsync("g", 1))[0].Reason);
    }

    [Fact]
    public async Task AppendAsync_throws_key_not_found_for_an_unknown_graph()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => Decisions.AppendAsync(Placement("nowhere")));

        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<NewDecision, string> InvalidDecisions => new()
    {
        { Placement("Not Valid"), "not a valid name" },
        { Placement("g") with { Strategy = " " }, "the strategy" },
        { Placement("g") with { Reason = "" }, "the reason" },
        { Placement("g") with { Duration = TimeSpan.FromMilliseconds(-1) }, "duration (ms)" },
        { Placement("g") with { Inputs = default }, "inputs and result" },
        { Placement("g") with { Objective = new Dictionary<string, double> { ["cost"] = double.NaN } }, "objective term 'cost'" },
        { Placement("g") with { Kind = (DecisionKind)9 }, "is not a DecisionKind" },
    };

    [Theory]
    [MemberData(nameof(InvalidDecisions))]
    public async Task AppendAsync_rejects_bad_input_and_records_nothing(NewDecision decision, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Decisions.AppendAsync(decision));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("decisions"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task LatestAsync_rejects_a_limit_out_of_range(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Decisions.LatestAsync("g", limit));
    }

    [Fact]
    public async Task PurgeAsync_drops_unchanged_scaling_ticks_sooner_than_decisions_that_changed_something()
    {
        await Decisions.AppendAsync(Placement("g"));
        await Decisions.AppendAsync(Scaling("g", latencyMs: 12));
        await Decisions.AppendAsync(Scaling("g", latencyMs: null, DecisionStatus.Infeasible));
        for (var tick = 0; tick < 5; tick++)
        {
            await Decisions.AppendAsync(Scaling("g", latencyMs: null));
        }

        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        var ticks = await Decisions.PurgeAsync(before: now.AddDays(-30), unchangedBefore: now, batchSize: 2);
        var kept = await Decisions.LatestAsync("g", 100);
        var all = await Decisions.PurgeAsync(before: now, unchangedBefore: now);

        Assert.Equal(5, ticks);
        Assert.Equal(["Optimal:Placement", "Optimal:Scaling", "Infeasible:Scaling"], kept.OrderBy(d => d.Id).Select(d => $"{d.Status}:{d.Kind}"));
        Assert.Equal(3, all);
        Assert.Empty(await Decisions.LatestAsync("g", 100));
    }

    [Fact]
    public async Task TrimPerGraphAsync_keeps_each_graphs_newest_decisions_whatever_their_age()
    {
        await CreateGraphAsync(Graph("h"));
        for (var tick = 0; tick < 6; tick++)
        {
            await Decisions.AppendAsync(Scaling("g", latencyMs: tick));
        }

        await Decisions.AppendAsync(Scaling("h", latencyMs: 1));

        var trimmed = await Decisions.TrimPerGraphAsync(keep: 4, batchSize: 1);

        Assert.Equal(2, trimmed);
        var kept = await Decisions.LatestAsync("g", 100);
        Assert.Equal([2.0, 3.0, 4.0, 5.0], kept.Select(d => d.Result.GetProperty("decisionLatencyMs").GetDouble()).Order());
        Assert.Single(await Decisions.LatestAsync("h", 100));
    }
}
