using Npgsql;
using Smo.Durable.Storage;
using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;
using StoredStatus = Smo.Durable.Protocol.OrchestrationRuntimeStatus;

namespace Smo.Durable.Tests.Backend;

/// <summary>Crashes and faults inside Smo's backend: injected between checkpoint statements, hosts that die, work that keeps dying.</summary>
[Trait("Category", "Integration")]
public sealed class SmoBackendFaultTests
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
        await using var kind = new SmoBackendKind();
        // Every failed checkpoint counts as a dequeue; the instance must not turn poison while the fault is armed.
        kind.Configure = o => o.Limits.MaxDequeueCount = 1_000;
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int, int>("Count", (_, _) => Interlocked.Increment(ref runs))
            .AddOrchestratorFunc<object?, int>("Twice", async (ctx, _) =>
                await ctx.CallActivityAsync<int>("Count", 1) + await ctx.CallActivityAsync<int>("Count", 2)), null, faults);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Twice");

        await Eventually.TrueAsync(() => Volatile.Read(ref hits) >= 2, "the first checkpoint failed and was retried");
        var before = await host.Store!.GetInstanceAsync(id, CancellationToken.None);
        var historyBefore = await host.HistoryAsync(id);
        var inboxBefore = await CountAsync(kind, "inbox", id);
        var tasksBefore = await CountAsync(kind, "tasks", id);
        var runsBefore = Volatile.Read(ref runs);
        Volatile.Write(ref armed, false);
        var result = await host.WaitAsync(id);

        Assert.Equal(StoredStatus.Pending, before!.Status);
        Assert.Equal(0, before.HistoryCount);
        Assert.Empty(historyBefore);
        Assert.Equal(1, inboxBefore);
        Assert.Equal(0, tasksBefore);
        Assert.Equal(0, runsBefore);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Poison_orchestration_message_fails_the_instance_after_the_dequeue_limit()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        var id = await DispatcherByHand.CreateAsync(store, "poisoned", "Hello", "[\"Nowhere\"]");
        for (var crash = 0; crash < 3; crash++)
        {
            // A host that claims the work and dies before its checkpoint, three times over.
            await DispatcherByHand.ClaimWhenFreeAsync(store, "doomed", TimeSpan.FromMilliseconds(50));
        }

        kind.Configure = o => o.Limits.MaxDequeueCount = 2;
        await using var host = await kind.StartHostAsync(RegisterHello);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("PoisonMessage", result.FailureDetails!.ErrorType);
        Assert.Contains("4 times", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poison_activity_fails_the_call_after_the_dequeue_limit()
    {
        await using var kind = new SmoBackendKind();
        var store = await kind.OpenStoreAsync();
        var id = await DispatcherByHand.CreateAsync(store, "poisoned", "Hello", "[\"Nowhere\"]");
        var episode = (await DispatcherByHand.ClaimAsync(store, "W", DispatcherByHand.LongLease))[0];
        await store.CompleteOrchestrationAsync(episode, DispatcherByHand.ScheduleActivity(episode, "Echo", "\"Hello Nowhere\""), CancellationToken.None);
        for (var crash = 0; crash < 3; crash++)
        {
            await DispatcherByHand.ClaimActivityWhenFreeAsync(store, "doomed", TimeSpan.FromMilliseconds(50));
        }

        kind.Configure = o => o.Limits.MaxDequeueCount = 2;
        await using var host = await kind.StartHostAsync(RegisterHello);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("PoisonMessage", result.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("'Echo'", result.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Work_of_a_crashed_host_is_taken_over_after_its_lease_expires()
    {
        using var stuck = new SemaphoreSlim(0);
        var firstRunStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        await using var kind = new SmoBackendKind();
        kind.Configure = o =>
        {
            o.Limits.ActivityLease = TimeSpan.FromSeconds(1);
            o.Limits.OrchestrationLease = TimeSpan.FromSeconds(1);
        };
        Action<DurableTaskRegistry> register = r => r
            .AddActivityFunc<object?, string>("Stuck", async (_, _) =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    firstRunStarted.TrySetResult();
                    await stuck.WaitAsync();
                }

                return "rescued";
            })
            .AddOrchestratorFunc<object?, string>("Fragile", async (ctx, _) => await ctx.CallActivityAsync<string>("Stuck"));
        var doomed = await kind.StartHostAsync(register);
        var id = await doomed.Client.ScheduleNewOrchestrationInstanceAsync("Fragile");
        await firstRunStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        doomed.Dispatcher.SimulateCrash();
        await using var survivor = await kind.StartHostAsync(register);
        var result = await survivor.WaitAsync(id);
        stuck.Release();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("rescued", result.ReadOutputAs<string>());
        Assert.Equal(2, runs);
    }

    private static async Task<long> CountAsync(SmoBackendKind kind, string table, string instanceId)
    {
        await using var dataSource = NpgsqlDataSource.Create(SmoBackendKind.ConnectionString);
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {kind.SchemaName}.{table} WHERE instance_id = @id");
        command.Parameters.AddWithValue("id", instanceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
