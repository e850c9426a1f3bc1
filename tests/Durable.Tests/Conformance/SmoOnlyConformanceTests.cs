using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;

namespace Smo.Durable.Tests.Conformance;

/// <summary>
/// Invariants of the conformance list that Microsoft's in-memory reference backend breaks — it hangs or loses data on
/// these tests (each says how) — so they run against Smo's backend only, through the SDK like the shared suite.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SmoOnlyConformanceTests
{
    [Fact]
    public async Task Result_of_an_activity_from_a_replaced_execution_is_discarded()
    {
        // The SDK cannot continue as new while a task is open, so an execution is replaced by terminating it and
        // starting the id again; the new execution's call gets the same task id (0) as the old one's. The reference
        // keys calls in flight by instance id and task id, so there the two collide and the new execution never
        // receives its result.
        using var staleGate = new SemaphoreSlim(0);
        using var freshGate = new SemaphoreSlim(0);
        var staleStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var staleFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<object?, string>("Stale", async (_, _) =>
            {
                staleStarted.TrySetResult();
                await staleGate.WaitAsync();
                staleFinished.TrySetResult();
                return "stale";
            })
            .AddActivityFunc<object?, string>("Fresh", async (_, _) =>
            {
                await freshGate.WaitAsync();
                return "fresh";
            })
            .AddOrchestratorFunc<string, string>("CallsOne", async (ctx, activity) =>
            {
                ctx.SetCustomStatus(activity);
                return await ctx.CallActivityAsync<string>(activity);
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsOne", "Stale", new StartOrchestrationOptions("replaced"));
        await staleStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.Client.TerminateInstanceAsync(id);
        await host.WaitAsync(id);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsOne", "Fresh", new StartOrchestrationOptions(id));
        await host.UntilCustomStatusAsync(id, "Fresh");

        staleGate.Release();
        await staleFinished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => host.Dispatcher.OutstandingActivities == 1, "the stale result was handed in");

        freshGate.Release();
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("fresh", result.ReadOutputAs<string>());
        var completed = Assert.Single(await host.HistoryAsync(id), e => e.EventTypeCase == EventType.TaskCompleted);
        Assert.Equal("\"fresh\"", completed.TaskCompleted.Result);
    }

    [Fact]
    public async Task Two_children_with_the_same_instance_id_in_one_episode_start_one_and_fail_the_other()
    {
        // On the reference both starts reach the child's id and it stays Pending for ever, so the parent never ends.
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterWaiter(r);
            r.AddOrchestratorFunc<object?, string>("Twins", async (ctx, _) =>
            {
                var options = new SubOrchestrationOptions(instanceId: ctx.InstanceId + "-twin");
                var first = ctx.CallSubOrchestratorAsync<int>("Waiter", null, options);
                var second = ctx.CallSubOrchestratorAsync<int>("Waiter", null, options);
                try
                {
                    return $"{await first} {await second}";
                }
                catch (TaskFailedException rejected)
                {
                    return rejected.FailureDetails.ErrorType;
                }
            });
        });
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Twins");
        await host.UntilStatusAsync(id + "-twin", OrchestrationRuntimeStatus.Running);

        // The SDK completes an orchestration only once every task it started has finished, so the twin that did
        // start must finish too.
        await host.Client.RaiseEventAsync(id + "-twin", "value", 1);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("OrchestrationAlreadyExists", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_carries_over_events_buffered_in_earlier_episodes_in_order()
    {
        // The SDK carries unprocessed events over by sending them to the instance itself; the reference loses them
        // and the next execution waits for ever.
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<string, string>("Relay", async (ctx, seen) =>
            {
                if (seen.Length == 0)
                {
                    // Letters "b" and "c" arrive while this execution waits for "go"; the SDK buffers them.
                    await ctx.WaitForExternalEvent<string>("go");
                    ctx.ContinueAsNew("start");
                    return "";
                }

                if (seen.Length >= "start".Length + 2)
                {
                    return seen;
                }

                ctx.ContinueAsNew(seen + await ctx.WaitForExternalEvent<string>("letter"));
                return "";
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Relay", "");
        await host.WaitForStartAsync(id);

        await host.Client.RaiseEventAsync(id, "letter", "b");
        await Eventually.TrueAsync(async () => (await host.HistoryAsync(id)).Any(e => e.EventTypeCase == EventType.EventRaised),
            "the first letter is in history");

        await host.Client.RaiseEventAsync(id, "letter", "c");
        await host.Client.RaiseEventAsync(id, "go", "");
        var result = await host.WaitAsync(id);

        Assert.Equal("startbc", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_keeps_carried_over_events_ahead_of_events_that_arrive_during_the_episode()
    {
        // "add" 1 and 2 wait in the SDK's buffer while the first execution waits for "go"; 3 arrives while the
        // episode that received "go" runs. The SDK carries 1 and 2 over by sending them to the instance itself, and
        // they still come before 3. The reference loses such events (see the test above).
        using var paused = new SemaphoreSlim(0);
        using var resume = new SemaphoreSlim(0);
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r.AddOrchestratorFunc<int[]?, int[]>("Sequencer", async (ctx, seen) =>
        {
            if (seen is null)
            {
                await ctx.WaitForExternalEvent<string>("go");
                if (!ctx.IsReplaying)
                {
                    // Holds the episode open while the test sends the next event (blocking is against the rules for real orchestrators).
                    paused.Release();
                    resume.Wait();
                }

                ctx.ContinueAsNew(Array.Empty<int>());
                return [];
            }

            if (seen.Length == 3)
            {
                return seen;
            }

            ctx.ContinueAsNew((int[])[.. seen, await ctx.WaitForExternalEvent<int>("add")]);
            return [];
        }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sequencer", null,
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddSeconds(1)));
        await host.Client.RaiseEventAsync(id, "add", 1);
        await host.Client.RaiseEventAsync(id, "add", 2);
        await host.Client.RaiseEventAsync(id, "go", "now");

        Assert.True(await paused.WaitAsync(TimeSpan.FromSeconds(30)), "the first execution never received 'go'");
        await host.Client.RaiseEventAsync(id, "add", 3);
        resume.Release();
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal([1, 2, 3], result.ReadOutputAs<int[]>()!);
    }
}
