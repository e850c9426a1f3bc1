using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    public sealed record Tally(int Count, int Total);

    /// <summary>"Counter" adds one "add" event per generation and continues as new until it has seen <paramref name="events"/>.</summary>
    private static void RegisterCounter(DurableTaskRegistry registry, int events) => registry
        .AddOrchestratorFunc<Tally, int>("Counter", async (ctx, tally) =>
        {
            if (tally.Count == events)
            {
                return tally.Total;
            }

            var value = await ctx.WaitForExternalEvent<int>("add");
            ctx.ContinueAsNew(new Tally(tally.Count + 1, tally.Total + value));
            return -1;
        });

    [Fact]
    public async Task External_events_sent_early_are_buffered_case_insensitively_and_each_completes_one_wait()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
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
        await host.Client.RaiseEventAsync(id, "start", "go");
        await host.Client.RaiseEventAsync(id, "Approval", 4);
        await host.Client.RaiseEventAsync(id, "Approval", 100);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(7, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task External_event_wait_with_timeout_throws_TimeoutException_when_nothing_arrives()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddOrchestratorFunc<object?, string>("Impatient", async (ctx, _) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("never", TimeSpan.FromMilliseconds(300));
                }
                catch (TimeoutException)
                {
                    return "timed out";
                }
            }));

        var result = await host.RunAsync("Impatient");

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_preserves_every_event_of_a_burst_resets_history_and_changes_the_execution()
    {
        const int events = 40;
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => RegisterCounter(r, events));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", new Tally(0, 0));
        var firstExecution = (await store.GetInstanceAsync(id, CancellationToken.None))!.ExecutionId;

        var statuses = new List<OrchestrationRuntimeStatus>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            for (var value = sender * 10 + 1; value <= sender * 10 + 10; value++)
            {
                await host.Client.RaiseEventAsync(id, "add", value);
            }
        })).Append(Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                statuses.Add((await StatusAsync(store, id))!.Value);
                await Task.Delay(10);
            }
        })));
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, events).Sum(), result.ReadOutputAs<int>());
        Assert.All(statuses, s => Assert.True(s is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Completed, $"status {s} while continuing as new"));
        var final = await store.GetInstanceAsync(id, CancellationToken.None);
        Assert.NotEqual(firstExecution, final!.ExecutionId);
        Assert.InRange((await HistoryAsync(store, id)).Count, 1, 4);
    }

    [Fact]
    public async Task ContinueAsNew_carries_over_events_buffered_in_earlier_episodes_in_order()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddOrchestratorFunc<string, string>("Relay", async (ctx, seen) =>
            {
                if (seen.Length == 0)
                {
                    // Events "b" and "c" arrive while this generation waits for "go"; they stay buffered.
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
        await Eventually.TrueAsync(async () => await StatusAsync(store, id) == OrchestrationRuntimeStatus.Running, "the instance started");

        await host.Client.RaiseEventAsync(id, "letter", "b");
        await Eventually.TrueAsync(() => HasEventAsync(store, id, HistoryEventType.EventRaised), "the first letter is in history");
        await host.Client.RaiseEventAsync(id, "letter", "c");
        await host.Client.RaiseEventAsync(id, "go", "");
        var result = await host.WaitAsync(id);

        Assert.Equal("startbc", result.ReadOutputAs<string>());
    }
}
