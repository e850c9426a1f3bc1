using Smo.Durable.Storage;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    private static void RegisterWaiter(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<object?, int>("Waiter", async (ctx, _) => await ctx.WaitForExternalEvent<int>("value"));

    [Fact]
    public async Task Start_with_the_same_id_concurrently_creates_exactly_one_instance()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        var client = BareClient(store);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions("same-id"));
                return true;
            }
            catch (OrchestrationAlreadyExistsException)
            {
                return false;
            }
        })));

        Assert.Single(attempts, created => created);
        var page = await client.GetAllInstancesAsync();
        Assert.Single(page.Instances);
    }

    [Fact]
    public async Task Start_refuses_a_running_id_and_a_terminal_id_listed_in_dedupe_statuses_but_replaces_others()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions("order-1"));
        await host.Client.WaitForInstanceStartAsync(id);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions(id)));
        await host.Client.RaiseEventAsync(id, "value", 1);
        Assert.Equal(1, (await host.WaitAsync(id)).ReadOutputAs<int>());
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null,
            new StartOrchestrationOptions(id) { DedupeStatuses = [OrchestrationRuntimeStatus.Completed] }));
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions(id));
        await host.Client.RaiseEventAsync(id, "value", 2);

        Assert.Equal(2, (await host.WaitAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task Suspend_runs_no_episode_and_keeps_events_until_resume()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await Eventually.TrueAsync(async () => await StatusAsync(store, id) == OrchestrationRuntimeStatus.Suspended, "the instance is suspended");
        await host.Client.RaiseEventAsync(id, "value", 42);
        await Task.Delay(500);
        var whileSuspended = await StatusAsync(store, id);
        var eventApplied = await HasEventAsync(store, id, HistoryEventType.EventRaised);
        await host.Client.ResumeInstanceAsync(id);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended);
        Assert.False(eventApplied);
        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Terminate_with_an_activity_in_flight_ends_the_instance_and_drops_the_late_result()
    {
        using var gate = new SemaphoreSlim(0);
        var started = new TaskCompletionSource();
        var finished = new TaskCompletionSource();
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<object?, string>("Slow", async (_, _) =>
            {
                started.TrySetResult();
                await gate.WaitAsync();
                finished.TrySetResult();
                return "late";
            })
            .AddOrchestratorFunc<object?, string>("CallsSlow", async (ctx, _) => await ctx.CallActivityAsync<string>("Slow")));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsSlow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("operator stop"));
        var result = await host.WaitAsync(id);
        gate.Release();
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(300);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("operator stop", result.ReadOutputAs<string>());
        var history = await HistoryAsync(store, id);
        Assert.Equal(HistoryEventType.ExecutionTerminated, history[^1].Type);
        Assert.DoesNotContain(history, e => e.Type == HistoryEventType.TaskCompleted);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, await StatusAsync(store, id));
    }

    [Fact]
    public async Task Result_of_an_activity_from_a_replaced_execution_is_discarded()
    {
        using var gate = new SemaphoreSlim(0);
        var finished = new TaskCompletionSource();
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<object?, string>("Slow", async (_, _) =>
            {
                await gate.WaitAsync();
                finished.TrySetResult();
                return "stale";
            })
            .AddOrchestratorFunc<int, string>("Generations", async (ctx, generation) =>
            {
                if (generation == 0)
                {
                    _ = ctx.CallActivityAsync<string>("Slow");
                    ctx.ContinueAsNew(1);
                    return "";
                }

                return await ctx.WaitForExternalEvent<string>("finish");
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Generations", 0);
        await Eventually.TrueAsync(async () => (await store.GetInstanceAsync(id, CancellationToken.None))!.Input == "1", "the second generation started");

        gate.Release();
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        await host.Client.RaiseEventAsync(id, "finish", "clean");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("clean", result.ReadOutputAs<string>());
        Assert.DoesNotContain(await HistoryAsync(store, id), e => e.Type == HistoryEventType.TaskCompleted);
    }

    [Fact]
    public async Task Terminate_recursive_also_terminates_running_children()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r =>
        {
            RegisterWaiter(r);
            r.AddOrchestratorFunc<object?, int>("Parent", async (ctx, _) =>
                await ctx.CallSubOrchestratorAsync<int>("Waiter", null, new SubOrchestrationOptions(InstanceId: ctx.InstanceId + "-child")));
        });
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent");
        await Eventually.TrueAsync(async () => await StatusAsync(store, id + "-child") == OrchestrationRuntimeStatus.Running, "the child runs");

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("cleanup", Recursive: true));
        var parent = await host.WaitAsync(id);
        var child = await host.WaitAsync(id + "-child");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
    }

    [Fact]
    public async Task Sub_orchestration_failure_surfaces_in_the_parent_with_the_childs_details()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddOrchestratorFunc<object?, int>("Child", (_, _) => throw new InvalidOperationException("child broke"))
            .AddOrchestratorFunc<object?, string>("Catching", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallSubOrchestratorAsync<int>("Child");
                    return "no failure";
                }
                catch (TaskFailedException failure)
                {
                    return $"{failure.FailureDetails.ErrorType}: {failure.FailureDetails.ErrorMessage}";
                }
            })
            .AddOrchestratorFunc<object?, int>("NotCatching", async (ctx, _) => await ctx.CallSubOrchestratorAsync<int>("Child")));

        var caught = await host.RunAsync("Catching");
        var uncaught = await host.RunAsync("NotCatching");

        Assert.Equal("System.InvalidOperationException: child broke", caught.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, uncaught.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, uncaught.FailureDetails!.ErrorType);
        Assert.True(uncaught.FailureDetails.IsCausedBy<InvalidOperationException>());
        Assert.Equal("child broke", uncaught.FailureDetails.InnerFailure!.ErrorMessage);
    }

    [Fact]
    public async Task StartAt_delays_the_first_episode()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddOrchestratorFunc<object?, DateTime>("Clock", (ctx, _) => Task.FromResult(ctx.CurrentUtcDateTime)));
        // Three seconds: the status must be read while the start is still ahead, even on a slow, shared CI machine.
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Clock", null, new StartOrchestrationOptions(StartAt: startAt));
        var justAfter = await StatusAsync(store, id);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, justAfter);
        Assert.True(result.ReadOutputAs<DateTime>() >= startAt.UtcDateTime, "the first episode ran before StartAt");
    }

    [Fact]
    public async Task Timers_never_fire_early_and_survive_a_restart_of_every_worker()
    {
        await using var kind = NewStoreKind();
        Action<DurableTaskRegistry> register = r => r.AddOrchestratorFunc<object?, DateTime>("Sleeper", async (ctx, _) =>
        {
            await Task.WhenAll(
                ctx.CreateTimer(TimeSpan.FromMilliseconds(1200), CancellationToken.None),
                ctx.CreateTimer(TimeSpan.FromMilliseconds(1500), CancellationToken.None));
            return ctx.CurrentUtcDateTime;
        });
        var first = await TestHost.StartAsync(await kind.CreateStoreAsync(), register);
        var id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper");
        await Eventually.TrueAsync(() => HasEventAsync(first.Store, id, HistoryEventType.TimerCreated), "the timers are created");

        await first.DisposeAsync();
        await Task.Delay(300);
        await using var second = await TestHost.StartAsync(await kind.CreateStoreAsync(), register);
        var result = await second.WaitAsync(id);

        var history = await HistoryAsync(second.Store, id);
        var latestDue = history.Where(e => e.Type == HistoryEventType.TimerCreated).Max(e => e.FireAt!.Value);
        var wokeAt = result.ReadOutputAs<DateTime>();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(wokeAt >= latestDue, $"woke at {wokeAt:O}, before the timer was due at {latestDue:O}");
        Assert.True(wokeAt - latestDue < TimeSpan.FromSeconds(5), $"woke {wokeAt - latestDue} after the timer was due");
        Assert.All(history.Where(e => e.Type == HistoryEventType.TimerFired), e => Assert.NotNull(e.FireAt));
    }

    [Fact]
    public async Task Purge_deletes_a_terminal_instance_and_refuses_a_running_one()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);

        var whileRunning = await host.Client.PurgeInstanceAsync(id);
        await host.Client.RaiseEventAsync(id, "value", 1);
        await host.WaitAsync(id);
        var afterCompletion = await host.Client.PurgeInstanceAsync(id);
        var again = await host.Client.PurgeInstanceAsync(id);

        Assert.Equal(PurgeOutcome.NotTerminal, whileRunning.Outcome);
        Assert.Equal(new PurgeResult(1, PurgeOutcome.Purged), afterCompletion);
        Assert.Equal(PurgeOutcome.NotFound, again.Outcome);
        Assert.Null(await host.Client.GetInstanceAsync(id));
        Assert.Empty(await HistoryAsync(store, id));
    }

    [Fact]
    public async Task Purge_all_removes_only_terminal_instances_matching_the_filter()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => { RegisterHello(r); RegisterWaiter(r); });
        var done = await host.RunAsync("Hello", new[] { "Lima" });
        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(running);

        var purged = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UtcNow.AddMinutes(-5)));

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done.InstanceId));
        Assert.NotNull(await host.Client.GetInstanceAsync(running));
    }
}
