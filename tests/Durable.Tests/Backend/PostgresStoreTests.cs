using Google.Protobuf.WellKnownTypes;
using Npgsql;
using Smo.Durable.Dispatch;
using Smo.Durable.Storage;
using Smo.Durable.Tests.Infrastructure;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Tests.Backend;

/// <summary>
/// What only Smo's PostgreSQL store can show: its rows, its schema, and what it guarantees when workers race for the
/// same work — driven through the store itself where a test must play two workers at once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgresStoreTests
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Claim_hands_an_instance_to_exactly_one_of_many_concurrent_workers()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        await DispatcherByHand.CreateAsync(store, "contested", "Anything", null);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => DispatcherByHand.ClaimAsync(store, $"worker-{i}", DispatcherByHand.LongLease))));

        Assert.Single(claims, c => c.Count == 1);
        Assert.All(claims, c => Assert.InRange(c.Count, 0, 1));
    }

    [Fact]
    public async Task Backlog_counts_the_messages_due_and_the_activity_calls_not_completed_but_no_timer_not_yet_due()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        await DispatcherByHand.CreateAsync(store, "sleeping", "Hello", "[\"Paris\"]");
        var sleeping = (await DispatcherByHand.ClaimAsync(store, "W", DispatcherByHand.LongLease))[0];
        await store.CompleteOrchestrationAsync(sleeping, SleepAnHour(sleeping), CancellationToken.None);
        var asleep = await store.GetBacklogAsync(CancellationToken.None);
        await DispatcherByHand.CreateAsync(store, "waiting", "Hello", "[\"Oslo\"]");
        await DispatcherByHand.CreateAsync(store, "working", "Hello", "[\"Rome\"]");
        var before = await store.GetBacklogAsync(CancellationToken.None);
        var episode = (await DispatcherByHand.ClaimAsync(store, "W", DispatcherByHand.LongLease))[0];
        await store.CompleteOrchestrationAsync(episode, DispatcherByHand.ScheduleActivity(episode, "Echo", "\"Hello\""), CancellationToken.None);

        var after = await store.GetBacklogAsync(CancellationToken.None);

        Assert.Equal(new WorkBacklog(OrchestrationMessages: 0, ActivityCalls: 0), asleep);
        Assert.Equal(new WorkBacklog(OrchestrationMessages: 2, ActivityCalls: 0), before);
        Assert.Equal(new WorkBacklog(OrchestrationMessages: 1, ActivityCalls: 1), after);
    }

    /// <summary>The checkpoint of a worker that answered the episode with a durable timer an hour ahead.</summary>
    private static OrchestrationCheckpoint SleepAnHour(OrchestrationWorkItem item) =>
        OrchestrationEpisode.Prepare(item, DateTime.UtcNow, new BackendLimits()).Complete(new P.OrchestratorResponse
        {
            InstanceId = item.Instance.InstanceId,
            Actions = { new P.OrchestratorAction { Id = 0, CreateTimer = new P.CreateTimerAction { FireAt = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(1)) } } },
        });

    [Fact]
    public async Task Checkpoint_commits_for_only_one_of_two_workers_that_ran_the_same_episode()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        var id = await DispatcherByHand.CreateAsync(store, "raced", "Hello", "[\"Oslo\"]");

        var stale = (await DispatcherByHand.ClaimAsync(store, "A", ShortLease))[0];
        var current = (await DispatcherByHand.ClaimWhenFreeAsync(store, "B", DispatcherByHand.LongLease))[0];
        await store.CompleteOrchestrationAsync(current, DispatcherByHand.ScheduleActivity(current, "Echo", "\"Hello Oslo\""), CancellationToken.None);

        await Assert.ThrowsAsync<LeaseLostException>(() =>
            store.CompleteOrchestrationAsync(stale, DispatcherByHand.ScheduleActivity(stale, "Echo", "\"Hello Oslo\""), CancellationToken.None));
        Assert.True(current.LockToken > stale.LockToken);
        var history = await store.GetHistoryAsync(id, CancellationToken.None);
        Assert.Single(history, e => e.EventTypeCase == EventType.ExecutionStarted);
        Assert.Single(history, e => e.EventTypeCase == EventType.TaskScheduled);
        Assert.Single(await store.LockNextActivitiesAsync("C", DispatcherByHand.LongLease, 10, null, CancellationToken.None));
    }

    [Fact]
    public async Task Checkpoints_written_together_succeed_or_fail_each_on_their_own()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        for (var i = 0; i < 6; i++)
        {
            await DispatcherByHand.CreateAsync(store, $"together-{i}", "Hello", "[\"x\"]");
        }

        var stale = await DispatcherByHand.ClaimAsync(store, "A", ShortLease, max: 3);
        await Eventually.TrueAsync(async () => (await QueryAsync($"SELECT count(*) FROM {kind.SchemaName}.instances WHERE lease_expires_at > now()",
            r => r.GetInt64(0)))[0] == 0, "A's leases expired");
        var current = await DispatcherByHand.ClaimAsync(store, "B", DispatcherByHand.LongLease, max: 6);
        // Completed at once, they meet in the store's group commit.
        var outcomes = await Task.WhenAll(stale.Concat(current).Select(async item =>
        {
            try
            {
                await store.CompleteOrchestrationAsync(item, DispatcherByHand.ScheduleActivity(item, "Echo", "\"Hello x\""), CancellationToken.None);
                return (item.Owner, Committed: true);
            }
            catch (LeaseLostException)
            {
                return (item.Owner, Committed: false);
            }
        }));

        Assert.Equal(3, stale.Count);
        Assert.Equal(6, current.Count);
        Assert.All(outcomes, o => Assert.Equal(o.Owner.StartsWith('B'), o.Committed));
        for (var i = 0; i < 6; i++)
        {
            Assert.Single(await store.GetHistoryAsync($"together-{i}", CancellationToken.None), e => e.EventTypeCase == EventType.TaskScheduled);
        }
    }

    [Fact]
    public async Task Activity_delivered_twice_after_lease_expiry_yields_one_result_and_one_idempotency_key()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        var id = await DispatcherByHand.CreateAsync(store, "twice", "Hello", "[\"Rome\"]");
        var episode = (await DispatcherByHand.ClaimAsync(store, "W", DispatcherByHand.LongLease))[0];
        await store.CompleteOrchestrationAsync(episode, DispatcherByHand.ScheduleActivity(episode, "Echo", "\"Hello Rome\""), CancellationToken.None);

        var first = await DispatcherByHand.ClaimActivityWhenFreeAsync(store, "A", ShortLease);
        var second = await DispatcherByHand.ClaimActivityWhenFreeAsync(store, "B", DispatcherByHand.LongLease);
        var secondDelivered = await store.CompleteActivityAsync(second, DispatcherByHand.Completed(second, "\"from B\""), CancellationToken.None);
        var firstDelivered = await store.CompleteActivityAsync(first, DispatcherByHand.Completed(first, "\"from A\""), CancellationToken.None);

        Assert.Equal((first.InstanceId, first.ExecutionId, first.TaskId), (second.InstanceId, second.ExecutionId, second.TaskId));
        Assert.Equal(2, second.DequeueCount);
        Assert.True(secondDelivered);
        Assert.False(firstDelivered);
        var next = (await DispatcherByHand.ClaimAsync(store, "W", DispatcherByHand.LongLease))[0];
        var result = Assert.Single(next.Messages);
        Assert.Equal(id, next.Instance.InstanceId);
        Assert.Equal(EventType.TaskCompleted, result.Event.EventTypeCase);
        Assert.Equal("\"from B\"", result.Event.TaskCompleted.Result);
    }

    [Fact]
    public async Task A_stale_result_committed_in_one_group_with_the_owners_is_dropped()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        var id = await DispatcherByHand.CreateAsync(store, "twice", "Hello", "[\"Rome\"]");
        var other = await DispatcherByHand.CreateAsync(store, "other", "Hello", "[\"Oslo\"]");
        foreach (var episode in await DispatcherByHand.ClaimAsync(store, "W", DispatcherByHand.LongLease, max: 2))
        {
            await store.CompleteOrchestrationAsync(episode, DispatcherByHand.ScheduleActivity(episode, "Echo", "\"x\""), CancellationToken.None);
        }

        var blocker = await DispatcherByHand.ClaimActivityWhenFreeAsync(store, "C", DispatcherByHand.LongLease);
        var first = await DispatcherByHand.ClaimActivityWhenFreeAsync(store, "A", ShortLease);
        var second = await DispatcherByHand.ClaimActivityWhenFreeAsync(store, "B", DispatcherByHand.LongLease);
        Assert.Equal((first.InstanceId, first.TaskId), (second.InstanceId, second.TaskId));
        // While the blocker's commit is in flight, the stale and the owner's results queue for the same group.
        var blocked = store.CompleteActivityAsync(blocker, DispatcherByHand.Completed(blocker, "\"blocker\""), CancellationToken.None);
        var stale = store.CompleteActivityAsync(first, DispatcherByHand.Completed(first, "\"from A\""), CancellationToken.None);
        var owned = store.CompleteActivityAsync(second, DispatcherByHand.Completed(second, "\"from B\""), CancellationToken.None);
        await Task.WhenAll(blocked, stale, owned);

        Assert.True(await blocked);
        Assert.False(await stale);
        Assert.True(await owned);
        var next = (await DispatcherByHand.ClaimAsync(store, "W", DispatcherByHand.LongLease, max: 2)).Single(e => e.Instance.InstanceId == first.InstanceId);
        var result = Assert.Single(next.Messages);
        Assert.Equal("\"from B\"", result.Event.TaskCompleted.Result);
        Assert.Contains(first.InstanceId, new[] { id, other });
    }

    [Fact]
    public async Task History_sequence_numbers_are_gap_free_per_execution()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int, int>("Next", (_, n) => n + 1)
            .AddOrchestratorFunc<int, int>("Generations", async (ctx, n) =>
            {
                var next = await ctx.CallActivityAsync<int>("Next", n);
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(5), CancellationToken.None);
                if (next < 3)
                {
                    ctx.ContinueAsNew(next);
                }

                return next;
            }));

        var result = await host.RunAsync("Generations", 0);

        Assert.Equal(3, result.ReadOutputAs<int>());
        var rows = await QueryAsync($"SELECT execution_id, seq FROM {kind.SchemaName}.history WHERE instance_id = '{result.InstanceId}' ORDER BY seq",
            r => (Execution: r.GetString(0), Seq: r.GetInt32(1)));
        Assert.Single(rows.Select(r => r.Execution).Distinct());
        Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r.Seq));
        var instance = await host.Store!.GetInstanceAsync(result.InstanceId, CancellationToken.None);
        Assert.Equal(rows.Count, instance!.HistoryCount);
    }

    [Fact]
    public async Task Schema_is_created_once_when_several_hosts_start_together()
    {
        await using var kind = new SmoBackendKind();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(kind.OpenStoreAsync)));
        await kind.OpenStoreAsync();

        var versions = await QueryAsync($"SELECT version FROM {kind.SchemaName}.schema_version", r => r.GetInt32(0));
        Assert.Equal([1, 2, 3], versions.Order());
    }

    [Fact]
    public async Task Consumed_messages_and_finished_task_rows_leave_nothing_behind()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, n) => n * 2)
            .AddOrchestratorFunc<int, int>("FanOut", async (ctx, count) =>
                (await Task.WhenAll(Enumerable.Range(0, count).Select(n => ctx.CallActivityAsync<int>("Double", n)))).Sum()));

        var result = await host.RunAsync("FanOut", 50);

        Assert.Equal(2 * Enumerable.Range(0, 50).Sum(), result.ReadOutputAs<int>());
        Assert.Equal([0L], await QueryAsync($"SELECT count(*) FROM {kind.SchemaName}.inbox", r => r.GetInt64(0)));
        Assert.Equal([0L], await QueryAsync($"SELECT count(*) FROM {kind.SchemaName}.tasks", r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Work_completes_by_polling_alone_when_notifications_are_off()
    {
        await using var kind = new SmoBackendKind { Configure = o => o.ListenForNotifications = false };
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<string, string>("Echo", (_, s) => s)
            .AddOrchestratorFunc<string, string>("Twice", async (ctx, s) =>
                await ctx.CallActivityAsync<string>("Echo", s) + await ctx.CallActivityAsync<string>("Echo", s)));

        var result = await host.RunAsync("Twice", "ab");

        Assert.Equal("abab", result.ReadOutputAs<string>());
    }

    private static async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var dataSource = NpgsqlDataSource.Create(SmoBackendKind.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
