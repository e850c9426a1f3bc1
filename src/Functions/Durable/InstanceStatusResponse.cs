using System.Text.Json;
using Smo.Durable;

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
    public static InstanceStatusResponse From(OrchestrationMetadata metadata, IReadOnlyList<HistoryEvent>? history = null) => new(
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
public sealed record HistoryEventResponse(string EventType, int? TaskId, string? Name, DateTime Timestamp, DateTime? FireAt, string? Payload)
{
    public static HistoryEventResponse From(HistoryEvent e) =>
        new(e.Type.ToString(), e.TaskId >= 0 ? e.TaskId : null, e.Name, e.Timestamp, e.FireAt, e.Payload);
}
