using Smo.Durable.Protocol;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Storage;

/// <summary>The link from a sub-orchestration back to the call that started it.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId);

/// <summary>An instance as stored.</summary>
public sealed record OrchestrationInstance(
    string InstanceId,
    string ExecutionId,
    string Name,
    OrchestrationRuntimeStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    P.TaskFailureDetails? FailureDetails,
    DateTime CreatedAt,
    DateTime LastUpdatedAt,
    DateTime? CompletedAt,
    DateTime? ScheduledStartAt,
    ParentInstance? Parent,
    int HistoryCount);

/// <summary>An instance to create, from a client or from a parent orchestration, with its start message.</summary>
public sealed record NewOrchestration(
    string InstanceId,
    string ExecutionId,
    string Name,
    string? Input,
    DateTime CreatedAt,
    DateTime? StartAt,
    ParentInstance? Parent,
    P.HistoryEvent Started);

/// <summary>A message waiting in an instance's inbox. <see cref="ExecutionId"/> null means "any execution".</summary>
public sealed record InboxMessage(long Id, string? ExecutionId, P.HistoryEvent Event, int DequeueCount);

/// <summary>A message an episode sends to an instance (itself included), visible from <see cref="VisibleAt"/>.</summary>
public sealed record OutboundMessage(string InstanceId, string? ExecutionId, P.HistoryEvent Event, DateTime VisibleAt);

/// <summary>
/// A history event as stored. <see cref="MessageId"/> is the inbox message an external event came from, kept so
/// ContinueAsNew can put unprocessed events back in their original order.
/// </summary>
public sealed record HistoryRecord(P.HistoryEvent Event, long? MessageId = null);

/// <summary>An activity call to run: the TaskScheduled event that asked for it.</summary>
public sealed record ActivityRequest(P.HistoryEvent Scheduled)
{
    public int TaskId => Scheduled.EventId;

    public string Name => Scheduled.TaskScheduled.Name;
}

/// <summary>A claimed orchestration: its state, its history and the new messages to apply.</summary>
public sealed record OrchestrationWorkItem(
    OrchestrationInstance Instance,
    IReadOnlyList<HistoryRecord> History,
    IReadOnlyList<InboxMessage> Messages,
    string Owner,
    long LockToken);

/// <summary>A claimed activity call.</summary>
public sealed record ActivityWorkItem(
    long Id,
    string InstanceId,
    string ExecutionId,
    int TaskId,
    P.HistoryEvent Scheduled,
    int DequeueCount,
    string Owner,
    long LockToken)
{
    public string Name => Scheduled.TaskScheduled.Name;
}

/// <summary>Everything one episode changes, written in one transaction.</summary>
public sealed record OrchestrationCheckpoint
{
    public required OrchestrationRuntimeStatus Status { get; init; }

    /// <summary>The execution after this checkpoint; differs from the claimed one after ContinueAsNew.</summary>
    public required string ExecutionId { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public P.TaskFailureDetails? FailureDetails { get; init; }

    public required DateTime LastUpdatedAt { get; init; }

    public DateTime? CompletedAt { get; init; }

    /// <summary>ContinueAsNew: history is dropped and <see cref="NewHistory"/> starts the new execution.</summary>
    public bool ResetHistory { get; init; }

    public IReadOnlyList<HistoryRecord> NewHistory { get; init; } = [];

    public IReadOnlyList<long> ConsumedMessageIds { get; init; } = [];

    /// <summary>Read but not consumed (suspended, or carried over): their dequeue count is reset.</summary>
    public IReadOnlyList<long> KeptMessageIds { get; init; } = [];

    public IReadOnlyList<ActivityRequest> NewTasks { get; init; } = [];

    public IReadOnlyList<NewOrchestration> NewSubOrchestrations { get; init; } = [];

    public IReadOnlyList<OutboundMessage> Messages { get; init; } = [];

    /// <summary>ContinueAsNew: events already in history that go back into the inbox under their original ids.</summary>
    public IReadOnlyList<InboxMessage> CarriedOverMessages { get; init; } = [];

    public bool StatusChanged { get; init; }
}

/// <summary>What happened to a message sent to an instance.</summary>
public enum MessageDelivery
{
    Delivered,
    InstanceNotFound,
    InstanceTerminal,
}

/// <summary>What happened to a request to create an instance.</summary>
public enum CreateOutcome
{
    Created,
    AlreadyExists,
}

/// <summary>What happened to a purge request.</summary>
public enum PurgeOutcome
{
    Purged,
    NotFound,
    NotTerminal,
}

/// <summary>Filters for listing instances, paged by (created time, instance id).</summary>
public sealed record InstanceFilter
{
    public DateTime? CreatedFrom { get; init; }

    public DateTime? CreatedTo { get; init; }

    public IReadOnlyList<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public string? InstanceIdPrefix { get; init; }
}

/// <summary>A keyset cursor: the last (created time, instance id) of the previous page.</summary>
public sealed record InstanceCursor(DateTime CreatedAt, string InstanceId);

/// <summary>Thrown when a checkpoint finds its lease taken by another worker; the episode's work is discarded.</summary>
public sealed class LeaseLostException(string instanceId)
    : Exception($"The lease on orchestration '{instanceId}' was lost before the checkpoint; another worker owns it now.");

/// <summary>
/// The work waiting in a task hub: orchestration messages that are due (a timer not yet due is no backlog) and activity
/// calls not yet completed, queued or running.
/// </summary>
public sealed record WorkBacklog(long OrchestrationMessages, long ActivityCalls);
