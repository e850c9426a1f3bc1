using System.Collections.Concurrent;
using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;

namespace Smo.Durable.Tests.Backend;

/// <summary>
/// Several hosts on one task hub, each a process of its own, and hosts that stop and start again: Microsoft's reference
/// backend lives in one process and cannot show any of it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SmoBackendHostsTests
{
    [Theory]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(2, true)] // in-process, in extended sessions: an episode after another host's must replay
    [InlineData(3, true)]
    public async Task Hosts_share_the_work_and_process_nothing_twice(int hostCount, bool inProcess)
    {
        var runs = new ConcurrentDictionary<string, int>();
        var hostsThatWorked = new ConcurrentDictionary<string, bool>();
        await using var kind = new SmoBackendKind { InProcessWorker = inProcess };
        var hosts = new List<TestHost>();
        for (var h = 0; h < hostCount; h++)
        {
            var name = $"host-{h}";
            hosts.Add(await kind.StartHostAsync(r => r
                .AddActivityFunc<string, string>("Echo", async (ctx, input) =>
                {
                    runs.AddOrUpdate($"{ctx.InstanceId}:{input}", 1, (_, c) => c + 1);
                    hostsThatWorked[name] = true;
                    await Task.Delay(5);
                    return input;
                })
                .AddOrchestratorFunc<string[], string>("Hello", async (ctx, cities) =>
                {
                    var greetings = new List<string>();
                    foreach (var city in cities)
                    {
                        greetings.Add(await ctx.CallActivityAsync<string>("Echo", city));
                    }

                    return string.Join(",", greetings);
                })));
        }

        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await hosts[i % hostCount].Client.ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "a", "b", "c" }));
        }

        var results = await Task.WhenAll(ids.Select(id => hosts[0].WaitAsync(id, seconds: 90)));

        Assert.All(results, r => Assert.Equal("a,b,c", r.ReadOutputAs<string>()));
        Assert.Equal(90, runs.Count);
        Assert.All(runs.Values, count => Assert.Equal(1, count));
        Assert.True(hostsThatWorked.Count >= 2, $"only {string.Join(", ", hostsThatWorked.Keys)} did any work");
    }

    [Fact]
    public async Task ContinueAsNew_on_two_hosts_keeps_every_event_of_a_burst_in_order()
    {
        const int senders = 4;
        const int perSender = 10;
        await using var kind = new SmoBackendKind();
        var first = await kind.StartHostAsync(r => RegisterCounter(r, senders * perSender));
        var second = await kind.StartHostAsync(r => RegisterCounter(r, senders * perSender));
        var id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Counter", Array.Empty<int>());

        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            var client = (sender % 2 == 0 ? first : second).Client;
            for (var value = sender * 100 + 1; value <= sender * 100 + perSender; value++)
            {
                await client.RaiseEventAsync(id, "add", value);
            }
        })));
        var result = await second.WaitAsync(id, seconds: 120);

        var seen = result.ReadOutputAs<int[]>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(senders * perSender, seen.Length);
        for (var sender = 0; sender < senders; sender++)
        {
            Assert.Equal(Enumerable.Range(sender * 100 + 1, perSender), seen.Where(v => v / 100 == sender));
        }
    }

    [Fact]
    public async Task Timers_survive_a_restart_of_every_worker()
    {
        await using var kind = new SmoBackendKind();
        Action<DurableTaskRegistry> register = r => r.AddOrchestratorFunc<object?, DateTime>("Sleeper", async (ctx, _) =>
        {
            await Task.WhenAll(
                ctx.CreateTimer(TimeSpan.FromSeconds(4), CancellationToken.None),
                ctx.CreateTimer(TimeSpan.FromSeconds(5), CancellationToken.None));
            return ctx.CurrentUtcDateTime;
        });
        var before = new[] { await kind.StartHostAsync(register), await kind.StartHostAsync(register) };
        var id = await before[0].Client.ScheduleNewOrchestrationInstanceAsync("Sleeper");
        await Eventually.TrueAsync(async () => (await before[0].HistoryAsync(id)).Count(e => e.EventTypeCase == EventType.TimerCreated) == 2,
            "the timers are created");

        foreach (var host in before)
        {
            await host.StopAsync();
        }

        var allStoppedAt = DateTime.UtcNow;
        var after = new[] { await kind.StartHostAsync(register), await kind.StartHostAsync(register) };
        var result = await after[1].WaitAsync(id);

        var history = await after[0].HistoryAsync(id);
        var latestDue = history.Where(e => e.EventTypeCase == EventType.TimerCreated).Max(e => e.TimerCreated.FireAt.ToDateTime());
        var wokeAt = result.ReadOutputAs<DateTime>();
        Assert.True(allStoppedAt < latestDue, $"the hosts stopped at {allStoppedAt:O}, after the timers were due at {latestDue:O}: nothing was proved");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(wokeAt >= latestDue, $"woke at {wokeAt:O}, before the timer was due at {latestDue:O}");
        Assert.Equal(2, history.Count(e => e.EventTypeCase == EventType.TimerFired));
    }

    [Fact]
    public async Task Activity_in_flight_on_a_stopping_host_is_handed_back_and_run_again_elsewhere()
    {
        using var stuck = new SemaphoreSlim(0);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        await using var kind = new SmoBackendKind();
        Action<DurableTaskRegistry> register = r => r
            .AddActivityFunc<object?, string>("Polite", async (_, _) =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    firstStarted.TrySetResult();
                    await stuck.WaitAsync();
                }

                return "done";
            })
            .AddOrchestratorFunc<object?, string>("CallsPolite", async (ctx, _) => await ctx.CallActivityAsync<string>("Polite"));
        var stopping = await kind.StartHostAsync(register);
        var id = await stopping.Client.ScheduleNewOrchestrationInstanceAsync("CallsPolite");
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stopping.StopAsync();
        await using var next = await kind.StartHostAsync(register);
        var result = await next.WaitAsync(id);
        stuck.Release();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("done", result.ReadOutputAs<string>());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Time_and_guids_replay_identically_from_storage_after_a_restart()
    {
        var seen = new ConcurrentQueue<(bool Replaying, DateTime Time, Guid Guid)>();
        await using var kind = new SmoBackendKind();
        Action<DurableTaskRegistry> register = r => r.AddOrchestratorFunc<object?, int>("Remembers", async (ctx, _) =>
        {
            seen.Enqueue((ctx.IsReplaying, ctx.CurrentUtcDateTime, ctx.NewGuid()));
            return await ctx.WaitForExternalEvent<int>("go");
        });
        var first = await kind.StartHostAsync(register);
        var id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Remembers");
        await first.WaitForStartAsync(id);
        await first.StopAsync();

        await using var second = await kind.StartHostAsync(register);
        await second.Client.RaiseEventAsync(id, "go", 1);
        var result = await second.WaitAsync(id);

        var observations = seen.ToList();
        Assert.Equal(1, result.ReadOutputAs<int>());
        Assert.Equal(2, observations.Count);
        Assert.False(observations[0].Replaying);
        Assert.True(observations[1].Replaying);
        Assert.Equal(observations[0].Time, observations[1].Time);
        Assert.Equal(observations[0].Guid, observations[1].Guid);
    }

    [Fact]
    public async Task Instance_of_an_orchestrator_no_connected_worker_has_waits_pending_until_one_connects()
    {
        // Smo's worker asks only for what it registered: handing the instance to a worker that cannot run it would
        // fail it for good (OrchestratorTaskNotFound), so it waits, visibly, for a worker that can.
        await using var kind = new SmoBackendKind();
        await using var early = await kind.StartHostAsync(RegisterHello);
        var id = await early.Client.ScheduleNewOrchestrationInstanceAsync("Late", "x");
        await early.SettleAsync();
        var pending = await early.ListAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Pending] });

        await using var late = await kind.StartHostAsync(r => r.AddOrchestratorFunc<string, string>("Late", (_, input) => input + "!"));
        var result = await early.WaitAsync(id);

        Assert.Equal([id], pending.Select(i => i.InstanceId));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("x!", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Call_of_an_activity_no_connected_worker_has_waits_until_one_connects()
    {
        await using var kind = new SmoBackendKind();
        await using var early = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("CallsLate", async (ctx, _) => await ctx.CallActivityAsync<string>("LateActivity")));
        var id = await early.Client.ScheduleNewOrchestrationInstanceAsync("CallsLate");
        await Eventually.TrueAsync(async () => (await early.HistoryAsync(id)).Any(e => e.EventTypeCase == EventType.TaskScheduled),
            "the call is scheduled");
        await early.SettleAsync();
        var waiting = await early.StatusAsync(id);

        await using var late = await kind.StartHostAsync(r => r.AddActivityFunc<object?, string>("LateActivity", (_, _) => "finally"));
        var result = await early.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("finally", result.ReadOutputAs<string>());
    }
}
