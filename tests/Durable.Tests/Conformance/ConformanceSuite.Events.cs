using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task External_events_sent_early_are_buffered_case_insensitively_and_each_completes_one_wait()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, int>("Collect", async (ctx, _) =>
            {
                await ctx.WaitForExternalEvent<string>("start");
                var sum = 0;
                for (var i = 0; i < 3; i++)
                {
                    sum += await ctx.WaitForExternalEvent<int>("Approval");
                }

                return sum;
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Collect", null,
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddSeconds(1)));

        await host.Client.RaiseEventAsync(id, "APPROVAL", 1);
        await host.Client.RaiseEventAsync(id, "approval", 2);
        await host.Client.RaiseEventAsync(id, "Approval", 4);
        await host.Client.RaiseEventAsync(id, "Approval", 100);
        // Last: the orchestration can finish only after it, so no event is raised on a finished instance however slow
        // the raises are (they once outlasted the one-second delayed start on a loaded machine).
        await host.Client.RaiseEventAsync(id, "start", "go");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(7, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task External_event_wait_with_a_timeout_is_cancelled_when_nothing_arrives()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Impatient", async (ctx, _) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("never", TimeSpan.FromMilliseconds(300));
                }
                catch (OperationCanceledException)
                {
                    return "timed out";
                }
            }));

        var result = await host.RunAsync("Impatient");

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_keeps_every_event_of_a_burst_in_order_resets_history_and_changes_the_execution()
    {
        const int senders = 4;
        await using var kind = NewBackend();
        // Smo takes the full burst; the reference runs about one episode a second, so it gets a shorter one.
        var perSender = kind is SmoBackendKind ? 10 : 3;
        var events = senders * perSender;
        await using var host = await kind.StartHostAsync(r => RegisterCounter(r, events));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", Array.Empty<int>());
        var firstExecution = host.Store is { } store ? (await store.GetInstanceAsync(id, CancellationToken.None))!.ExecutionId : null;

        var statuses = new List<OrchestrationRuntimeStatus>();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            for (var value = sender * 100 + 1; value <= sender * 100 + perSender; value++)
            {
                await host.Client.RaiseEventAsync(id, "add", value);
            }
        })).Append(Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                statuses.Add((await host.StatusAsync(id))!.Value);
                await Task.Delay(10);
            }
        })));
        var result = await host.WaitAsync(id, seconds: 120);

        var seen = result.ReadOutputAs<int[]>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(events, seen.Length);
        for (var sender = 0; sender < senders; sender++)
        {
            // Each sender raised its values one after another, so they must arrive in that order.
            Assert.Equal(Enumerable.Range(sender * 100 + 1, perSender), seen.Where(v => v / 100 == sender));
        }

        Assert.All(statuses, s => Assert.True(s is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Completed,
            $"status {s} while continuing as new"));
        if (host.Store is { } smoStore)
        {
            Assert.NotEqual(firstExecution, (await smoStore.GetInstanceAsync(id, CancellationToken.None))!.ExecutionId);
            Assert.InRange((await host.HistoryAsync(id)).Count, 1, 4);
        }
    }
}
