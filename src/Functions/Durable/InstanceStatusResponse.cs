using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

using Core = DurableTask.Core.History;

namespace Smo.Functions.Durable;

/// <summary>The instance status payload of the Durable Functions HTTP API.</summary>
public sealed record InstanceStatusResponse(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    TaskFailureDetails? FailureDetails,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    IReadOnlyList<HistoryEventResponse>? HistoryEvents)
{
    public static InstanceStatusResponse From(OrchestrationMetadata metadata, IEnumerable<Core.HistoryEvent>? history = null) => new(
        metadata.Name,
        metadata.InstanceId,
        metadata.RuntimeStatus.ToString(),
        Json(metadata.SerializedInput),
        Json(metadata.SerializedCustomStatus),
        Json(metadata.SerializedOutput),
        metadata.FailureDetails,
        metadata.CreatedAt,
        metadata.LastUpdatedAt,
        history?.Select(HistoryEventResponse.From).ToList());

    private static JsonElement? Json(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(serialized);
        return document.RootElement.Clone();
    }
}

/// <summary>One history event as the status API shows it with <c>showHistory=true</c>.</summary>
public sealed record HistoryEventResponse(string EventType, int? EventId, int? TaskScheduledId, string? Name, DateTime Timestamp, DateTime? FireAt)
{
    public static HistoryEventResponse From(Core.HistoryEvent e) => new(
        e.EventType.ToString(),
        e.EventId >= 0 ? e.EventId : null,
        e switch
        {
            Core.TaskCompletedEvent c => c.TaskScheduledId,
            Core.TaskFailedEvent f => f.TaskScheduledId,
            Core.SubOrchestrationInstanceCompletedEvent c => c.TaskScheduledId,
            Core.SubOrchestrationInstanceFailedEvent f => f.TaskScheduledId,
            Core.TimerFiredEvent t => t.TimerId,
            _ => null,
        },
        e switch
        {
            Core.ExecutionStartedEvent s => s.Name,
            Core.TaskScheduledEvent t => t.Name,
            Core.SubOrchestrationInstanceCreatedEvent c => c.Name,
            Core.EventRaisedEvent r => r.Name,
            Core.EventSentEvent s => s.Name,
            _ => null,
        },
        e.Timestamp,
        e switch
        {
            Core.TimerCreatedEvent t => t.FireAt,
            Core.TimerFiredEvent t => t.FireAt,
            _ => null,
        });
}
