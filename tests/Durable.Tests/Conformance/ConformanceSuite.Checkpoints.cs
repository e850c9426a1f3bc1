using Smo.Durable.Storage;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Theory]
    [InlineData("update-instance")]
    [InlineData("delete-inbox")]
    [InlineData("append-history")]
    [InlineData("insert-tasks")]
    [InlineData("create-sub-orchestrations")]
    [InlineData("insert-messages")]
    [InlineData("notify")]
    [InlineData("commit")]
    public async Task Checkpoint_interrupted_at_any_step_leaves_the_pre_checkpoint_state(string step)
    {
        var armed = true;
        var hits = 0;
        var runs = 0;
        var faults = new StoreFaults
        {
            BeforeCheckpointStep = current =>
            {
                if (Volatile.Read(ref armed) && current == step)
                {
                    Interlocked.Increment(ref hits);
                    throw new IOException($"injected crash before {step}");
                }
            },
        };
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync(faults);
        await using var host = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<int, int>("Count", (_, n) => Interlocked.Increment(ref runs) + n * 0)
            .AddOrchestratorFunc<object?, int>("Twice", async (ctx, _) =>
                await ctx.CallActivityAsync<int>("Count", 1) + await ctx.CallActivityAsync<int>("Count", 2)));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Twice");

        await Eventually.TrueAsync(() => Volatile.Read(ref hits) >= 2, "the first checkpoint failed and was retried");
        var before = await store.GetInstanceAsync(id, CancellationToken.None);
        var historyBefore = await HistoryAsync(store, id);
        var runsBefore = Volatile.Read(ref runs);
        Volatile.Write(ref armed, false);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, before!.Status);
        Assert.Empty(historyBefore);
        Assert.Equal(0, runsBefore);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Claim_hands_an_instance_to_exactly_one_of_many_concurrent_workers()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await BareClient(store).ScheduleNewOrchestrationInstanceAsync("Anything");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.LockNextOrchestrationAsync($"worker-{i}", LongLease, 100, CancellationToken.None))));

        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task Checkpoint_commits_for_only_one_of_two_workers_that_ran_the_same_episode()
    {
        var registry = new DurableTaskRegistry();
        RegisterHello(registry);
        var executor = NewExecutor(registry);
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        var id = await BareClient(store).ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "Oslo" });

        var stale = await store.LockNextOrchestrationAsync("A", TimeSpan.FromMilliseconds(200), 100, CancellationToken.None);
        await Task.Delay(400);
        var current = await store.LockNextOrchestrationAsync("B", LongLease, 100, CancellationToken.None);
        await store.CompleteOrchestrationAsync(current!, executor.Execute(current!, DateTime.UtcNow), CancellationToken.None);

        await Assert.ThrowsAsync<LeaseLostException>(() =>
            store.CompleteOrchestrationAsync(stale!, executor.Execute(stale!, DateTime.UtcNow), CancellationToken.None));
        Assert.True(current!.LockToken > stale!.LockToken);
        var history = await HistoryAsync(store, id);
        Assert.Single(history, e => e.Type == HistoryEventType.ExecutionStarted);
        Assert.Single(history, e => e.Type == HistoryEventType.TaskScheduled);
        Assert.NotNull(await store.LockNextActivityAsync("C", LongLease, CancellationToken.None));
        Assert.Null(await store.LockNextActivityAsync("C", LongLease, CancellationToken.None));
    }

    [Fact]
    public async Task Checkpoints_written_together_succeed_or_fail_each_on_their_own()
    {
        var registry = new DurableTaskRegistry();
        RegisterHello(registry);
        var executor = NewExecutor(registry);
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        var client = BareClient(store);
        for (var i = 0; i < 6; i++)
        {
            await client.ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "x" }, new StartOrchestrationOptions($"together-{i}"));
        }

        var stale = await store.LockNextOrchestrationsAsync("A", TimeSpan.FromMilliseconds(200), 3, 100, CancellationToken.None);
        await Task.Delay(400);
        var current = await store.LockNextOrchestrationsAsync("B", LongLease, 6, 100, CancellationToken.None);
        var outcomes = await Task.WhenAll(stale.Concat(current).Select(async item =>
        {
            try
            {
                await store.CompleteOrchestrationAsync(item, executor.Execute(item, DateTime.UtcNow), CancellationToken.None);
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
            Assert.Single(await HistoryAsync(store, $"together-{i}"), e => e.Type == HistoryEventType.TaskScheduled);
        }
    }

    [Fact]
    public async Task Activity_delivered_twice_after_lease_expiry_yields_one_result_and_one_idempotency_key()
    {
        var registry = new DurableTaskRegistry();
        RegisterHello(registry);
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        var id = await BareClient(store).ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "Rome" });
        var episode = await store.LockNextOrchestrationAsync("W", LongLease, 100, CancellationToken.None);
        await store.CompleteOrchestrationAsync(episode!, NewExecutor(registry).Execute(episode!, DateTime.UtcNow), CancellationToken.None);

        var first = await store.LockNextActivityAsync("A", TimeSpan.FromMilliseconds(200), CancellationToken.None);
        await Task.Delay(400);
        var second = await store.LockNextActivityAsync("B", LongLease, CancellationToken.None);
        var secondDelivered = await store.CompleteActivityAsync(second!, Completed(second!, "from B"), CancellationToken.None);
        var firstDelivered = await store.CompleteActivityAsync(first!, Completed(first!, "from A"), CancellationToken.None);

        Assert.Equal((first!.InstanceId, first.ExecutionId, first.TaskId), (second!.InstanceId, second.ExecutionId, second.TaskId));
        Assert.Equal(2, second.DequeueCount);
        Assert.True(secondDelivered);
        Assert.False(firstDelivered);
        var next = await store.LockNextOrchestrationAsync("W", LongLease, 100, CancellationToken.None);
        var result = Assert.Single(next!.Messages);
        Assert.Equal(HistoryEventType.TaskCompleted, result.Event.Type);
        Assert.Equal("\"from B\"", result.Event.Payload);
        Assert.Equal(id, next.Instance.InstanceId);
    }
}
