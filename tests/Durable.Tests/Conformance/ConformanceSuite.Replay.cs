using System.Collections.Concurrent;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;

namespace Smo.Durable.Tests.Conformance;

// History is read from Smo's store: the reference backend shows no client an instance's history (its
// StreamInstanceHistory serves only its own worker), so there the tests check what the SDK reports.
public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Replay_records_the_action_sequence_the_code_produces()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterHello(r);
            r.AddOrchestratorFunc<object?, string>("Sequence", async (ctx, _) =>
            {
                var a = await ctx.CallActivityAsync<string>("Echo", "a");
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                var b = await ctx.CallActivityAsync<string>("Echo", "b");
                return a + b;
            });
        });

        var result = await host.RunAsync("Sequence");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ab", result.ReadOutputAs<string>());
        if (host.Store is not null)
        {
            var actions = (await host.HistoryAsync(result.InstanceId))
                .Where(e => e.EventTypeCase is EventType.TaskScheduled or EventType.TimerCreated)
                .Select(e => $"{e.EventId}:{e.EventTypeCase}:{(e.EventTypeCase == EventType.TaskScheduled ? e.TaskScheduled.Name : "")}");
            Assert.Equal(["0:TaskScheduled:Echo", "1:TimerCreated:", "2:TaskScheduled:Echo"], actions);
        }
    }

    [Fact]
    public async Task Replay_fails_the_instance_as_non_deterministic_when_the_code_schedules_another_action()
    {
        var codeChanged = false;
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<object?, string>("A", (_, _) => "a")
            .AddActivityFunc<object?, string>("B", (_, _) => "b")
            .AddOrchestratorFunc<object?, string>("Flip", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>(Volatile.Read(ref codeChanged) ? "B" : "A");
                ctx.SetCustomStatus("waiting");
                return await ctx.WaitForExternalEvent<string>("go");
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Flip");
        await host.UntilCustomStatusAsync(id, "waiting");

        // New code comes with a new process: a worker that kept the orchestration in memory has it no more.
        Volatile.Write(ref codeChanged, true);
        kind.ForgetWorkerMemory();
        await host.Client.RaiseEventAsync(id, "go", "now");
        var result = await host.WaitAsync(id);

        // The SDK's replay engine finds the mismatch; the backend only has to hand it the recorded history.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("DurableTask.Core.Exceptions.NonDeterministicOrchestrationException", result.FailureDetails!.ErrorType);
        Assert.Contains("Non-Deterministic workflow detected", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("named 'A'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("named 'B'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_gives_the_same_time_and_guids_on_every_replay_and_exact_IsReplaying()
    {
        var seen = new ConcurrentQueue<(int Step, bool Replaying, DateTime Time, Guid Guid)>();
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterHello(r);
            r.AddOrchestratorFunc<object?, int>("Observe", async (ctx, _) =>
            {
                for (var step = 0; step < 3; step++)
                {
                    seen.Enqueue((step, ctx.IsReplaying, ctx.CurrentUtcDateTime, ctx.NewGuid()));
                    await ctx.CallActivityAsync<string>("Echo", "x");
                }

                seen.Enqueue((3, ctx.IsReplaying, ctx.CurrentUtcDateTime, ctx.NewGuid()));
                return 3;
            });
        });

        var result = await host.RunAsync("Observe");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        foreach (var step in seen.GroupBy(s => s.Step))
        {
            var observations = step.ToList();
            // Replayed by every later episode — or, in an extended session, run once and never replayed.
            Assert.Equal(kind.ReplaysEveryEpisode ? 4 - step.Key : 1, observations.Count);
            Assert.Single(observations.Select(o => o.Time).Distinct());
            Assert.Single(observations.Select(o => o.Guid).Distinct());
            Assert.False(observations[0].Replaying);
            Assert.All(observations.Skip(1), o => Assert.True(o.Replaying));
        }

        Assert.Equal(4, seen.Select(s => s.Guid).Distinct().Count());
    }

    [Fact]
    public async Task History_is_complete_and_ordered_for_each_execution()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterHello);

        var result = await host.RunAsync("Hello", new[] { "Tokyo", "Seattle", "London" });

        Assert.Equal("Hello Tokyo, Hello Seattle, Hello London", result.ReadOutputAs<string>());
        if (host.Store is { } store)
        {
            var history = await host.HistoryAsync(result.InstanceId);
            var instance = await store.GetInstanceAsync(result.InstanceId, CancellationToken.None);
            Assert.Equal(instance!.HistoryCount, history.Count);
            Assert.Equal(EventType.OrchestratorStarted, history[0].EventTypeCase);
            Assert.Equal(EventType.ExecutionStarted, history[1].EventTypeCase);
            Assert.Equal(EventType.ExecutionCompleted, history[^1].EventTypeCase);
            Assert.Equal(4, history.Count(e => e.EventTypeCase == EventType.OrchestratorStarted));
            for (var i = 0; i < history.Count; i++)
            {
                if (history[i].EventTypeCase == EventType.TaskCompleted)
                {
                    var taskId = history[i].TaskCompleted.TaskScheduledId;
                    var scheduledAt = history.ToList().FindIndex(e => e.EventTypeCase == EventType.TaskScheduled && e.EventId == taskId);
                    Assert.InRange(scheduledAt, 0, i - 1);
                }
            }
        }
    }

    [Fact]
    public async Task Each_scheduled_task_runs_once_and_each_result_matches_one_scheduled_task()
    {
        var runs = new ConcurrentDictionary<string, int>();
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int, int>("Square", (ctx, n) =>
            {
                // The SDK shows an activity no task id, so the call's input stands in for it: each call squares another n.
                runs.AddOrUpdate($"{ctx.InstanceId}:{n}", 1, (_, c) => c + 1);
                return n * n;
            })
            .AddOrchestratorFunc<int, int>("FanOut", async (ctx, count) =>
            {
                var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(n => ctx.CallActivityAsync<int>("Square", n)));
                return squares.Sum();
            }));

        var result = await host.RunAsync("FanOut", 25);

        Assert.Equal(Enumerable.Range(1, 25).Sum(n => n * n), result.ReadOutputAs<int>());
        Assert.Equal(25, runs.Count);
        Assert.All(runs.Values, count => Assert.Equal(1, count));
        if (host.Store is not null)
        {
            var history = await host.HistoryAsync(result.InstanceId);
            var scheduled = history.Where(e => e.EventTypeCase == EventType.TaskScheduled).Select(e => e.EventId).ToList();
            var completed = history.Where(e => e.EventTypeCase == EventType.TaskCompleted).Select(e => e.TaskCompleted.TaskScheduledId).ToList();
            Assert.Equal(25, scheduled.Distinct().Count());
            Assert.Equal(scheduled.Order(), completed.Order());
        }
    }
}
