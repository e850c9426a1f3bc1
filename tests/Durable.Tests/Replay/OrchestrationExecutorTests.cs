using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Durable.Replay;
using Smo.Durable.Storage;

namespace Smo.Durable.Tests.Replay;

public sealed class OrchestrationExecutorTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Execute_keeps_every_event_when_a_new_execution_has_no_visible_start_yet()
    {
        var registry = new DurableTaskRegistry().AddOrchestratorFunc<object?, int>("Counter", async (ctx, _) => await ctx.WaitForExternalEvent<int>("add"));
        var executor = new OrchestrationExecutor(registry, new ServiceCollection().BuildServiceProvider(), DataConverter.Default, NullLoggerFactory.Instance, new DurableTaskWorkerOptions());
        var instance = new OrchestrationInstance("i", "exec-2", "Counter", OrchestrationRuntimeStatus.Running, "0", null, null, null, Now, Now, null, null, null, 0);
        var events = new[] { Raised(7, 1), Raised(8, 2) };

        var checkpoint = executor.Execute(new OrchestrationWorkItem(instance, [], events, "w", 1), Now);

        Assert.Equal([7L, 8L], checkpoint.KeptMessageIds);
        Assert.Empty(checkpoint.ConsumedMessageIds);
        Assert.Empty(checkpoint.NewHistory);
        Assert.Equal(OrchestrationRuntimeStatus.Running, checkpoint.Status);
    }

    private static InboxMessage Raised(long id, int value) =>
        new(id, null, new HistoryEvent(HistoryEventType.EventRaised, -1, "add", value.ToString(System.Globalization.CultureInfo.InvariantCulture), Now), 1);
}
