using Google.Protobuf.WellKnownTypes;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Protocol;

/// <summary>
/// The SDK's history events as the backend sees them: the few facts it indexes (kind, task id, name) and builders
/// for the events it writes itself. Events are stored as the protocol's protobuf messages, so workers of any
/// language replay them unchanged.
/// </summary>
internal static class HistoryEvents
{
    /// <summary>The event's kind as stored (the protobuf oneof case number, stable by the protocol).</summary>
    public static short Kind(this P.HistoryEvent e) => (short)e.EventTypeCase;

    public static short Kind(P.HistoryEvent.EventTypeOneofCase kind) => (short)kind;

    /// <summary>The action's id for events an orchestrator caused, the id of the action completed for results; -1 otherwise.</summary>
    public static int TaskId(this P.HistoryEvent e) => e.EventTypeCase switch
    {
        P.HistoryEvent.EventTypeOneofCase.TaskScheduled or P.HistoryEvent.EventTypeOneofCase.TimerCreated
            or P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated or P.HistoryEvent.EventTypeOneofCase.EventSent => e.EventId,
        P.HistoryEvent.EventTypeOneofCase.TaskCompleted => e.TaskCompleted.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.TaskFailed => e.TaskFailed.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCompleted => e.SubOrchestrationInstanceCompleted.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceFailed => e.SubOrchestrationInstanceFailed.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.TimerFired => e.TimerFired.TimerId,
        _ => -1,
    };

    /// <summary>The orchestrator, activity or event name the event carries, if any.</summary>
    public static string? Name(this P.HistoryEvent e) => e.EventTypeCase switch
    {
        P.HistoryEvent.EventTypeOneofCase.ExecutionStarted => e.ExecutionStarted.Name,
        P.HistoryEvent.EventTypeOneofCase.TaskScheduled => e.TaskScheduled.Name,
        P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated => e.SubOrchestrationInstanceCreated.Name,
        P.HistoryEvent.EventTypeOneofCase.EventRaised => e.EventRaised.Name,
        P.HistoryEvent.EventTypeOneofCase.EventSent => e.EventSent.Name,
        _ => null,
    };

    /// <summary>Messages a client sends to change an instance's lifecycle rather than feed its code.</summary>
    public static bool IsControl(this P.HistoryEvent e) => e.EventTypeCase is P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated
        or P.HistoryEvent.EventTypeOneofCase.ExecutionSuspended or P.HistoryEvent.EventTypeOneofCase.ExecutionResumed;

    public static DateTime Time(this P.HistoryEvent e) => e.Timestamp?.ToDateTime() ?? DateTime.UnixEpoch;

    public static P.HistoryEvent Started(string instanceId, string executionId, string name, string? version, string? input,
        DateTime now, DateTime? scheduledStart, P.ParentInstanceInfo? parent, IDictionary<string, string>? tags = null, P.TraceContext? trace = null)
    {
        var started = new P.ExecutionStartedEvent
        {
            Name = name,
            Version = version,
            Input = input,
            OrchestrationInstance = new P.OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId },
            ParentInstance = parent,
            ScheduledStartTimestamp = scheduledStart is { } at ? Stamp(at) : null,
            ParentTraceContext = trace,
        };
        if (tags is not null)
        {
            started.Tags.Add(tags);
        }

        return New(now, e => e.ExecutionStarted = started);
    }

    public static P.HistoryEvent OrchestratorStarted(DateTime now) => New(now, e => e.OrchestratorStarted = new P.OrchestratorStartedEvent());

    public static P.HistoryEvent OrchestratorCompleted(DateTime now) => New(now, e => e.OrchestratorCompleted = new P.OrchestratorCompletedEvent());

    public static P.HistoryEvent Completed(DateTime now, int eventId, P.OrchestrationStatus status, string? result, P.TaskFailureDetails? failure) =>
        New(now, e => e.ExecutionCompleted = new P.ExecutionCompletedEvent { OrchestrationStatus = status, Result = result, FailureDetails = failure }, eventId);

    public static P.HistoryEvent Terminated(DateTime now, string? reason, bool recurse) =>
        New(now, e => e.ExecutionTerminated = new P.ExecutionTerminatedEvent { Input = reason, Recurse = recurse });

    public static P.HistoryEvent Suspended(DateTime now, string? reason) => New(now, e => e.ExecutionSuspended = new P.ExecutionSuspendedEvent { Input = reason });

    public static P.HistoryEvent Resumed(DateTime now, string? reason) => New(now, e => e.ExecutionResumed = new P.ExecutionResumedEvent { Input = reason });

    public static P.HistoryEvent Raised(DateTime now, string name, string? input) => New(now, e => e.EventRaised = new P.EventRaisedEvent { Name = name, Input = input });

    public static P.HistoryEvent TaskCompleted(DateTime now, int taskId, string? result) =>
        New(now, e => e.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = taskId, Result = result });

    public static P.HistoryEvent TaskFailed(DateTime now, int taskId, P.TaskFailureDetails failure) =>
        New(now, e => e.TaskFailed = new P.TaskFailedEvent { TaskScheduledId = taskId, FailureDetails = failure });

    public static P.HistoryEvent TimerFired(DateTime fireAt, int timerId) =>
        New(fireAt, e => e.TimerFired = new P.TimerFiredEvent { FireAt = Stamp(fireAt), TimerId = timerId });

    public static P.HistoryEvent ChildCompleted(DateTime now, int taskId, string? result) =>
        New(now, e => e.SubOrchestrationInstanceCompleted = new P.SubOrchestrationInstanceCompletedEvent { TaskScheduledId = taskId, Result = result });

    public static P.HistoryEvent ChildFailed(DateTime now, int taskId, P.TaskFailureDetails failure) =>
        New(now, e => e.SubOrchestrationInstanceFailed = new P.SubOrchestrationInstanceFailedEvent { TaskScheduledId = taskId, FailureDetails = failure });

    public static P.TaskFailureDetails Failure(string errorType, string message, bool nonRetriable = true) =>
        new() { ErrorType = errorType, ErrorMessage = message, IsNonRetriable = nonRetriable };

    public static Timestamp Stamp(DateTime time) => Timestamp.FromDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>An event stamped <paramref name="now"/>; <paramref name="eventId"/> is the action's id for events an orchestrator caused.</summary>
    public static P.HistoryEvent New(DateTime now, Action<P.HistoryEvent> set, int eventId = -1)
    {
        var e = new P.HistoryEvent { EventId = eventId, Timestamp = Stamp(now) };
        set(e);
        return e;
    }
}
