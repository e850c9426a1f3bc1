namespace Smo.Durable;

/// <summary>
/// One event of an orchestration's history, or a message waiting in its inbox. A flat shape on purpose: it maps
/// one-to-one onto the history and inbox tables.
/// </summary>
/// <param name="Type">What happened.</param>
/// <param name="TaskId">The action's sequence number (scheduling events) or the id of the action it completes.</param>
/// <param name="Name">Activity, orchestrator, timer or event name, depending on <paramref name="Type"/>.</param>
/// <param name="Payload">Serialized input, result, failure details or event data.</param>
/// <param name="Timestamp">When the event was recorded.</param>
public sealed record HistoryEvent(HistoryEventType Type, int TaskId, string? Name, string? Payload, DateTime Timestamp)
{
    /// <summary>When a timer is due (TimerCreated, TimerFired).</summary>
    public DateTime? FireAt { get; init; }

    /// <summary>The instance a sub-orchestration or sent event targets.</summary>
    public string? TargetInstanceId { get; init; }

    /// <summary>The inbox message this event came from; kept so ContinueAsNew can carry events over in order.</summary>
    public long? MessageId { get; init; }

    /// <summary>Events the orchestrator caused itself; replay checks them against what the code schedules.</summary>
    public bool IsAction => Type is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated
        or HistoryEventType.SubOrchestrationCreated or HistoryEventType.EventSent;

    /// <summary>Messages a client sends to change an instance's lifecycle rather than feed its code.</summary>
    public bool IsControl => Type is HistoryEventType.ExecutionTerminated or HistoryEventType.ExecutionSuspended
        or HistoryEventType.ExecutionResumed;
}
