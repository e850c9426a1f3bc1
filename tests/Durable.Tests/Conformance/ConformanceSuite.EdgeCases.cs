using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Resume_gets_through_a_queue_of_events_longer_than_one_episode_reads()
    {
        await using var kind = NewBackend();
        ConfigureSmo(kind, o => o.Limits.MaxMessagesPerEpisode = 3);
        await using var host = await kind.StartHostAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.WaitForStartAsync(id);
        await host.Client.SuspendInstanceAsync(id);
        await host.UntilStatusAsync(id, OrchestrationRuntimeStatus.Suspended);

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
        await using var kind = NewBackend();
        ConfigureSmo(kind, o => o.Limits.MaxMessagesPerEpisode = 3);
        await using var host = await kind.StartHostAsync(r => RegisterCounter(r, events));
        // The events queue up before the first episode (where StartAt is honoured; see StartAt_delays_the_first_episode).
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", Array.Empty<int>(),
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(500)));

        for (var value = 1; value <= events; value++)
        {
            await host.Client.RaiseEventAsync(id, "add", value);
        }

        var result = await host.WaitAsync(id, seconds: 60);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, events), result.ReadOutputAs<int[]>()!);
    }

    [Fact]
    public async Task Suspend_sent_before_the_first_episode_holds_the_instance_until_resumed()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null,
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(500)));
        await host.Client.SuspendInstanceAsync(id);

        await host.UntilStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "value", 5);
        await host.SettleAsync();
        var stillSuspended = await host.StatusAsync(id);
        await host.Client.ResumeInstanceAsync(id);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, stillSuspended);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(5, result.ReadOutputAs<int>());
    }
}
