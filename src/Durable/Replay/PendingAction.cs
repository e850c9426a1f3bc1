namespace Smo.Durable.Replay;

/// <summary>An action the orchestrator scheduled during this replay, waiting to be matched against history.</summary>
internal sealed class PendingAction(int taskId, HistoryEventType kind, string? name, string? payload)
{
    public int TaskId { get; } = taskId;

    public HistoryEventType Kind { get; } = kind;

    public string? Name { get; } = name;

    public string? Payload { get; } = payload;

    public DateTime? FireAt { get; init; }

    public string? TargetInstanceId { get; init; }

    /// <summary>Completes with the serialized result; null for fire-and-forget actions (sent events).</summary>
    public TaskCompletionSource<string?>? Completion { get; init; }

    /// <summary>History already holds this action, so it is not new in this episode.</summary>
    public bool Recorded { get; set; }

    public HistoryEvent ToHistoryEvent(DateTime timestamp) =>
        new(Kind, TaskId, Name, Payload, timestamp) { FireAt = FireAt, TargetInstanceId = TargetInstanceId };
}
