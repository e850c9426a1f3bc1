using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;
using OrchestrationAlreadyExistsException = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Start_with_the_same_id_concurrently_creates_exactly_one_instance()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterWaiter);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            try
            {
                await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions("same-id"));
                return true;
            }
            catch (OrchestrationAlreadyExistsException)
            {
                return false;
            }
        })));

        Assert.Equal(["same-id"], (await host.ListAsync()).Select(i => i.InstanceId));
        if (kind is SmoBackendKind)
        {
            // Smo never lets a start replace a pending, running or suspended instance, so a retried or duplicated
            // start cannot restart work in flight: exactly one start wins.
            Assert.Single(attempts, created => created);
        }
        else
        {
            // The reference refuses a start only for the statuses the caller lists as dedupe statuses; with none listed
            // it accepts every start of a live id (one instance, more start messages), so all ten calls return.
            Assert.All(attempts, Assert.True);
        }
    }

    [Fact]
    public async Task Start_refuses_a_terminal_id_listed_in_dedupe_statuses_and_replaces_other_terminal_ones()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions("order-1"));
        await host.Client.RaiseEventAsync(id, "value", 1);
        var first = await host.WaitAsync(id);

        var refused = await Record.ExceptionAsync(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null,
            new StartOrchestrationOptions(id) { DedupeStatuses = ["Completed"] }));
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions(id));
        await host.Client.RaiseEventAsync(id, "value", 2);
        var second = await host.WaitAsync(id);

        Assert.Equal(1, first.ReadOutputAs<int>());
        Assert.IsType<OrchestrationAlreadyExistsException>(refused);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.Equal(2, second.ReadOutputAs<int>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_never_replaces_a_running_instance_whatever_the_reuse_policy(bool everyStatusReplaceable)
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions("order-1"));
        await host.WaitForStartAsync(id);

        // No dedupe statuses sends no reuse policy; an empty list sends a policy that calls every status replaceable.
        var restart = await Record.ExceptionAsync(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null,
            new StartOrchestrationOptions(id) { DedupeStatuses = everyStatusReplaceable ? [] : null }));
        await host.Client.RaiseEventAsync(id, "value", 7);
        var result = await host.WaitAsync(id);

        Assert.Equal(7, result.ReadOutputAs<int>());
        if (kind is SmoBackendKind)
        {
            // Smo's rule: a pending, running or suspended instance is never replaced by a start, so a retried or
            // duplicated start can never restart work in flight; only finished instances are replaced.
            Assert.IsType<OrchestrationAlreadyExistsException>(restart);
        }
        else
        {
            // The reference accepts the start and queues it for the running instance (it refuses only listed statuses).
            Assert.Null(restart);
        }
    }

    [Fact]
    public async Task Suspend_runs_no_episode_and_keeps_events_until_resume()
    {
        var episodes = 0;
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r.AddOrchestratorFunc<object?, int>("CountingWaiter", async (ctx, _) =>
        {
            Interlocked.Increment(ref episodes);
            return await ctx.WaitForExternalEvent<int>("value");
        }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CountingWaiter");
        await host.WaitForStartAsync(id);

        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await host.UntilStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        var episodesBefore = Volatile.Read(ref episodes);
        await host.Client.RaiseEventAsync(id, "value", 42);
        await host.SettleAsync();
        var whileSuspended = await host.StatusAsync(id);
        var episodesWhileSuspended = Volatile.Read(ref episodes);
        await host.Client.ResumeInstanceAsync(id, "done");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(42, result.ReadOutputAs<int>());
        if (kind is SmoBackendKind)
        {
            // Smo claims nothing for a suspended instance but its resume or terminate, so a suspended instance costs
            // the workers nothing: its code does not run at all.
            Assert.Equal(episodesBefore, episodesWhileSuspended);
        }

        // The reference was seen to replay the orchestrator when a message reached the suspended instance (the event
        // itself stayed withheld until the resume), so there only the outcome is checked.
    }

    [Fact]
    public async Task Terminate_with_an_activity_in_flight_ends_the_instance_and_drops_the_late_result()
    {
        using var gate = new SemaphoreSlim(0);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<object?, string>("Slow", async (_, _) =>
            {
                started.TrySetResult();
                await gate.WaitAsync();
                finished.TrySetResult();
                return "late";
            })
            .AddOrchestratorFunc<object?, string>("CallsSlow", async (ctx, _) => await ctx.CallActivityAsync<string>("Slow")));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsSlow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("operator stop"));
        var result = await host.WaitAsync(id);
        gate.Release();
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (kind is SmoBackendKind)
        {
            await Eventually.TrueAsync(() => host.Dispatcher.OutstandingActivities == 0, "the late result was handed in");
        }

        await host.SettleAsync();
        var after = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("operator stop", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, after!.RuntimeStatus);
        Assert.Equal("operator stop", after.ReadOutputAs<string>());
        if (host.Store is not null)
        {
            var history = await host.HistoryAsync(id);
            Assert.Equal(EventType.ExecutionCompleted, history[^1].EventTypeCase);
            Assert.Equal(Microsoft.DurableTask.Protobuf.OrchestrationStatus.Terminated, history[^1].ExecutionCompleted.OrchestrationStatus);
            Assert.Single(history, e => e.EventTypeCase == EventType.ExecutionTerminated);
            Assert.DoesNotContain(history, e => e.EventTypeCase == EventType.TaskCompleted);
        }
    }

    [Fact]
    public async Task Terminate_recursive_also_terminates_running_children()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterWaiter(r);
            r.AddOrchestratorFunc<object?, int>("Parent", async (ctx, _) =>
                await ctx.CallSubOrchestratorAsync<int>("Waiter", null, new SubOrchestrationOptions(instanceId: ctx.InstanceId + "-child")));
        });
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent");
        await host.UntilStatusAsync(id + "-child", OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("cleanup", Recursive: true));
        var parent = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        if (kind is SmoBackendKind)
        {
            // Smo honours the flag: the parent's last episode sends a terminate to every child still running.
            var child = await host.WaitAsync(id + "-child");
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
            Assert.Equal("cleanup", child.ReadOutputAs<string>());
        }
        else
        {
            // The reference ignores the request's recursive flag: the child runs on, waiting for its event.
            await host.SettleAsync();
            Assert.Equal(OrchestrationRuntimeStatus.Running, await host.StatusAsync(id + "-child"));
        }
    }

    [Fact]
    public async Task Sub_orchestration_failure_surfaces_in_the_parent_with_the_childs_details()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, int>("Child", int (_, _) => throw new InvalidOperationException("child broke"))
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
        Assert.Contains("'Child'", uncaught.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, uncaught.FailureDetails.InnerFailure!.ErrorType);
        Assert.Equal("child broke", uncaught.FailureDetails.InnerFailure.ErrorMessage);
    }

    [Fact]
    public async Task StartAt_delays_the_first_episode()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, DateTime>("Clock", (ctx, _) => ctx.CurrentUtcDateTime));
        // Three seconds: the status must be read while the start is still ahead, even on a slow, shared CI machine.
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Clock", null, new StartOrchestrationOptions(StartAt: startAt));
        var justAfter = await host.StatusAsync(id);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        if (kind is SmoBackendKind)
        {
            // Smo keeps StartAt as the SDK documents it: the start message is invisible until then.
            Assert.Equal(OrchestrationRuntimeStatus.Pending, justAfter);
            Assert.True(result.ReadOutputAs<DateTime>() >= startAt.UtcDateTime, "the first episode ran before StartAt");
        }

        // The reference's sidecar drops the scheduled start time when it builds the start event, so there the first
        // episode runs at once.
    }

    [Fact]
    public async Task Timer_never_fires_before_its_due_time()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r.AddOrchestratorFunc<object?, DateTime[]>("Sleeper", async (ctx, _) =>
        {
            var due = ctx.CurrentUtcDateTime.AddMilliseconds(1500);
            await Task.WhenAll(
                ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(1200), CancellationToken.None),
                ctx.CreateTimer(due, CancellationToken.None));
            return [due, ctx.CurrentUtcDateTime];
        }));

        var result = await host.RunAsync("Sleeper");

        var times = result.ReadOutputAs<DateTime[]>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(times[1] >= times[0], $"woke at {times[1]:O}, before the timer was due at {times[0]:O}");
    }

    [Fact]
    public async Task Purge_deletes_a_terminal_instance_and_refuses_a_running_one()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.WaitForStartAsync(id);

        PurgeResult? purgedWhileRunning = null;
        var refusal = await Record.ExceptionAsync(async () => purgedWhileRunning = await host.Client.PurgeInstanceAsync(id));
        var stillThere = await host.StatusAsync(id);
        await host.Client.RaiseEventAsync(id, "value", 1);
        await host.WaitAsync(id);
        var purged = await host.Client.PurgeInstanceAsync(id);
        var again = await host.Client.PurgeInstanceAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, stillThere);
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Equal(0, again.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id));
        if (kind is SmoBackendKind)
        {
            // Smo says why it refuses (Durable Functions answers 412): a purge never pulls state from under a worker.
            var refused = Assert.IsType<InvalidOperationException>(refusal);
            Assert.Contains("not finished", refused.Message, StringComparison.Ordinal);
            Assert.Empty(await host.HistoryAsync(id));
        }
        else
        {
            // The reference refuses silently: it reports nothing purged.
            Assert.Null(refusal);
            Assert.Equal(0, purgedWhileRunning!.PurgedInstanceCount);
        }
    }

    [Fact]
    public async Task Purge_all_removes_only_terminal_instances_matching_the_filter()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterHello(r);
            RegisterWaiter(r);
        });
        var done = await host.RunAsync("Hello", new[] { "Lima" });
        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.WaitForStartAsync(running);

        var purged = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UtcNow.AddMinutes(-5)));

        Assert.Null(await host.Client.GetInstanceAsync(done.InstanceId));
        if (kind is SmoBackendKind)
        {
            // Smo purges only finished instances, whatever the filter: a bulk purge must not delete work in flight.
            Assert.Equal(1, purged.PurgedInstanceCount);
            Assert.Equal(OrchestrationRuntimeStatus.Running, await host.StatusAsync(running));
        }
        else
        {
            // The reference purges every instance the filter matches, the running one too.
            Assert.Equal(2, purged.PurgedInstanceCount);
            Assert.Null(await host.Client.GetInstanceAsync(running));
        }
    }
}
