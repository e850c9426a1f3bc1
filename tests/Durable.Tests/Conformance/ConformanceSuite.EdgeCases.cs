using System.Collections.Concurrent;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Resume_gets_through_a_queue_of_events_longer_than_one_episode_reads()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, RegisterWaiter, o => o.MaxMessagesPerEpisode = 3);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);
        await host.Client.SuspendInstanceAsync(id);
        await Eventually.TrueAsync(async () => await StatusAsync(store, id) == OrchestrationRuntimeStatus.Suspended, "the instance is suspended");

        for (var value = 1; value <= 8; value++)
        {
            await host.Client.RaiseEventAsync(id, "value", value);
        }

        await host.Client.ResumeInstanceAsync(id);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(1, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ContinueAsNew_with_more_waiting_events_than_one_episode_reads_keeps_going()
    {
        const int events = 12;
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => RegisterCounter(r, events), o => o.MaxMessagesPerEpisode = 3);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", new Tally(0, 0),
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(500)));

        for (var value = 1; value <= events; value++)
        {
            await host.Client.RaiseEventAsync(id, "add", value);
        }

        var result = await host.WaitAsync(id);

        Assert.Equal(Enumerable.Range(1, events).Sum(), result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Suspend_sent_before_the_first_episode_holds_the_instance_until_resumed()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = TestHost.Create(store, RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.SuspendInstanceAsync(id);

        await host.Worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await StatusAsync(store, id) == OrchestrationRuntimeStatus.Suspended, "the instance is suspended");
        await host.Client.RaiseEventAsync(id, "value", 5);
        await Task.Delay(300);
        var stillSuspended = await StatusAsync(store, id);
        await host.Client.ResumeInstanceAsync(id);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, stillSuspended);
        Assert.Equal(5, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Activity_cancelled_by_a_stopping_host_is_handed_back_not_failed()
    {
        var firstStarted = new TaskCompletionSource();
        var runs = 0;
        await using var kind = NewStoreKind();
        Action<DurableTaskRegistry> register = r => r
            .AddActivityFunc<object?, string>("Polite", async (ctx, _) =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    firstStarted.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                }

                return "done";
            })
            .AddOrchestratorFunc<object?, string>("CallsPolite", async (ctx, _) => await ctx.CallActivityAsync<string>("Polite"));
        var stopping = await TestHost.StartAsync(await kind.CreateStoreAsync(), register);
        var id = await stopping.Client.ScheduleNewOrchestrationInstanceAsync("CallsPolite");
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await stopping.DisposeAsync();
        await using var next = await TestHost.StartAsync(await kind.CreateStoreAsync(), register);
        var result = await next.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("done", result.ReadOutputAs<string>());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Time_and_guids_replay_identically_from_storage_after_a_restart()
    {
        var seen = new ConcurrentQueue<(bool Replaying, DateTime Time, Guid Guid)>();
        await using var kind = NewStoreKind();
        Action<DurableTaskRegistry> register = r => r.AddOrchestratorFunc<object?, int>("Remembers", async (ctx, _) =>
        {
            seen.Enqueue((ctx.IsReplaying, ctx.CurrentUtcDateTime, ctx.NewGuid()));
            return await ctx.WaitForExternalEvent<int>("go");
        });
        var first = await TestHost.StartAsync(await kind.CreateStoreAsync(), register);
        var id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Remembers");
        await Eventually.TrueAsync(() => !seen.IsEmpty, "the first episode ran");
        await first.DisposeAsync();

        await using var second = await TestHost.StartAsync(await kind.CreateStoreAsync(), register);
        await second.Client.RaiseEventAsync(id, "go", 1);
        await second.WaitAsync(id);

        var observations = seen.ToList();
        Assert.Equal(2, observations.Count);
        Assert.True(observations[1].Replaying);
        Assert.Equal(observations[0].Time, observations[1].Time);
        Assert.Equal(observations[0].Guid, observations[1].Guid);
    }

    [Fact]
    public async Task Two_children_with_the_same_instance_id_in_one_episode_start_one_and_fail_the_other()
    {
        await using var kind = NewStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), r =>
        {
            RegisterWaiter(r);
            r.AddOrchestratorFunc<object?, string>("Twins", async (ctx, _) =>
            {
                var options = new SubOrchestrationOptions(InstanceId: ctx.InstanceId + "-twin");
                var first = ctx.CallSubOrchestratorAsync<int>("Waiter", null, options);
                var second = ctx.CallSubOrchestratorAsync<int>("Waiter", null, options);
                try
                {
                    await Task.WhenAny(first, second).Unwrap();
                    return "no rejection";
                }
                catch (TaskFailedException rejected)
                {
                    return rejected.FailureDetails.ErrorType;
                }
            });
        });

        var result = await host.RunAsync("Twins");

        Assert.Equal("OrchestrationAlreadyExists", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.WaitForInstanceStartAsync(result.InstanceId + "-twin")).RuntimeStatus);
    }
}
