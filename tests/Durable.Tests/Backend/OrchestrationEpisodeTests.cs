using Smo.Durable.Dispatch;
using Smo.Durable.Protocol;
using Smo.Durable.Storage;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;
using OrchestrationRuntimeStatus = Smo.Durable.Protocol.OrchestrationRuntimeStatus;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Tests.Backend;

/// <summary>How one claimed work item becomes a worker request and a checkpoint; no database, no worker.</summary>
public sealed class OrchestrationEpisodeTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Prepare_keeps_every_event_when_a_new_execution_has_no_visible_start_yet()
    {
        var instance = Running("exec-2", historyCount: 0);
        var events = new[] { Raised(7, "add", "1"), Raised(8, "add", "2") };

        var episode = OrchestrationEpisode.Prepare(new OrchestrationWorkItem(instance, [], events, "w", 1), Now, new BackendLimits());

        Assert.Null(episode.Request);
        Assert.Equal([7L, 8L], episode.Checkpoint!.KeptMessageIds);
        Assert.Empty(episode.Checkpoint.ConsumedMessageIds);
        Assert.Empty(episode.Checkpoint.NewHistory);
        Assert.Equal(OrchestrationRuntimeStatus.Running, episode.Checkpoint.Status);
    }

    [Fact]
    public void Complete_carries_events_the_sdk_sends_to_the_instance_itself_over_under_their_original_ids()
    {
        // The .NET SDK's ContinueAsNew hands back the events its code never took by sending them to the instance.
        var started = HistoryEvents.Started("i", "exec-1", "Counter", null, "[]", Now, null, null);
        var history = new List<HistoryRecord>
        {
            new(HistoryEvents.OrchestratorStarted(Now)), new(started), new(HistoryEvents.Raised(Now, "add", "1"), MessageId: 3),
            new(HistoryEvents.OrchestratorCompleted(Now)),
        };
        var work = new OrchestrationWorkItem(Running("exec-1", history.Count), history, [Raised(9, "go", "\"now\"")], "w", 1);
        var episode = OrchestrationEpisode.Prepare(work, Now, new BackendLimits());

        var checkpoint = episode.Complete(new P.OrchestratorResponse
        {
            InstanceId = "i",
            Actions =
            {
                new P.OrchestratorAction { Id = 0, SendEvent = new P.SendEventAction { Instance = new P.OrchestrationInstance { InstanceId = "i" }, Name = "add", Data = "1" } },
                new P.OrchestratorAction
                {
                    Id = 1,
                    CompleteOrchestration = new P.CompleteOrchestrationAction { OrchestrationStatus = P.OrchestrationStatus.ContinuedAsNew, Result = "[]" },
                },
            },
        });

        var carried = Assert.Single(checkpoint.CarriedOverMessages);
        Assert.Equal(3, carried.Id);
        Assert.Equal("add", carried.Event.EventRaised.Name);
        var start = Assert.Single(checkpoint.Messages);
        Assert.Equal(EventType.ExecutionStarted, start.Event.EventTypeCase);
        Assert.Equal([9L], checkpoint.ConsumedMessageIds);
        Assert.True(checkpoint.ResetHistory);
    }

    private static OrchestrationInstance Running(string executionId, int historyCount) =>
        new("i", executionId, "Counter", OrchestrationRuntimeStatus.Running, "[]", null, null, null, Now, Now, null, null, null, historyCount);

    private static InboxMessage Raised(long id, string name, string input) => new(id, null, HistoryEvents.Raised(Now, name, input), 1);
}
