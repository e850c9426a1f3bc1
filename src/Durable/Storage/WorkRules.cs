using Smo.Durable.Protocol;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Storage;

/// <summary>Rules every store applies the same way when it hands out work.</summary>
internal static class WorkRules
{
    /// <summary>Kinds of message that may wake a pending instance; every other message waits for its start.</summary>
    public static readonly short[] WakePending =
        [HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionStarted), HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated)];

    /// <summary>Kinds of message that may wake a suspended instance; events wait for the resume.</summary>
    public static readonly short[] WakeSuspended =
        [HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionResumed), HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated)];

    /// <summary>Lifecycle messages: always handed out with a claim, however long the queue of events before them.</summary>
    public static readonly short[] Lifecycle =
    [
        HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionStarted), HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated),
        HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionSuspended), HistoryEvents.Kind(P.HistoryEvent.EventTypeOneofCase.ExecutionResumed),
    ];

    /// <summary>The result a parent receives when its child's instance id is taken by a running instance.</summary>
    public static P.HistoryEvent ChildRejected(NewOrchestration child, DateTime now) => HistoryEvents.ChildFailed(now, child.Parent!.TaskId,
        HistoryEvents.Failure("OrchestrationAlreadyExists",
            $"Sub-orchestration '{child.Name}' could not start: instance '{child.InstanceId}' already exists and is not finished."));
}
