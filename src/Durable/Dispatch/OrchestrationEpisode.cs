using Smo.Durable.Protocol;
using Smo.Durable.Storage;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Dispatch;

/// <summary>
/// One claimed orchestration work item on its way through the backend: the inbox sorted into lifecycle messages
/// (applied here) and events (handed to the worker as the protocol's new events), then the worker's actions turned
/// into one checkpoint. Lifecycle — terminate, suspend, resume, poison — is the backend's job, so a worker only
/// ever sees a running execution's history.
/// </summary>
internal sealed class OrchestrationEpisode
{
    private readonly OrchestrationInstance _instance;
    private readonly BackendLimits _limits;
    private readonly List<long> _consumed = [];
    private readonly List<long> _kept = [];
    private readonly List<HistoryRecord> _history = [];
    private readonly List<ActivityRequest> _tasks = [];
    private readonly List<NewOrchestration> _children = [];
    private readonly List<OutboundMessage> _messages = [];
    private OrchestrationRuntimeStatus _status;

    private OrchestrationEpisode(OrchestrationWorkItem workItem, DateTime now, BackendLimits limits)
    {
        WorkItem = workItem;
        _instance = workItem.Instance;
        _status = _instance.Status;
        Now = now;
        _limits = limits;
    }

    public OrchestrationWorkItem WorkItem { get; }

    public DateTime Now { get; }

    /// <summary>What the worker must run; null when the backend decided the episode alone (see <see cref="Checkpoint"/>).</summary>
    public P.OrchestratorRequest? Request { get; private set; }

    /// <summary>The checkpoint when no orchestrator code needs to run.</summary>
    public OrchestrationCheckpoint? Checkpoint { get; private set; }

    public static OrchestrationEpisode Prepare(OrchestrationWorkItem workItem, DateTime now, BackendLimits limits)
    {
        var episode = new OrchestrationEpisode(workItem, now, limits);
        episode.Checkpoint = episode.Sort();
        if (episode.Checkpoint is null)
        {
            episode.Request = episode.BuildRequest();
        }

        return episode;
    }

    private OrchestrationCheckpoint? Sort()
    {
        var messages = WorkItem.Messages;
        if (_instance.Status.IsTerminal())
        {
            // Late messages for a finished instance are drained and dropped.
            _consumed.AddRange(messages.Select(m => m.Id));
            return Build(_instance.Status);
        }

        if (AwaitsItsStart())
        {
            // After ContinueAsNew the new execution's start message can commit a moment after this claim looked:
            // nothing may run before it, so every message waits for the next claim.
            _kept.AddRange(messages.Select(m => m.Id));
            return Build(_status);
        }

        if (messages.FirstOrDefault(m => m.DequeueCount > _limits.MaxDequeueCount) is { } poison)
        {
            _consumed.AddRange(messages.Select(m => m.Id));
            return Fail(HistoryEvents.Failure("PoisonMessage",
                $"Message #{poison.Id} ({poison.Event.EventTypeCase} '{poison.Event.Name()}') was handed out {poison.DequeueCount} times without a checkpoint (limit {_limits.MaxDequeueCount}); the instance was failed so it cannot block the task hub."));
        }

        var started = false;
        var keeping = false;
        foreach (var message in messages)
        {
            if (message.ExecutionId is not null && message.ExecutionId != _instance.ExecutionId)
            {
                _consumed.Add(message.Id); // a result for an execution that ContinueAsNew replaced
                continue;
            }

            switch (message.Event.EventTypeCase)
            {
                case P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated:
                    return Terminate(message.Event.ExecutionTerminated);
                case P.HistoryEvent.EventTypeOneofCase.ExecutionSuspended:
                    _consumed.Add(message.Id);
                    if (_status == OrchestrationRuntimeStatus.Running)
                    {
                        _status = OrchestrationRuntimeStatus.Suspended;
                        _history.Add(new HistoryRecord(Stamped(message.Event)));
                    }

                    break;
                case P.HistoryEvent.EventTypeOneofCase.ExecutionResumed:
                    _consumed.Add(message.Id);
                    if (_status == OrchestrationRuntimeStatus.Suspended)
                    {
                        _status = OrchestrationRuntimeStatus.Running;
                        _history.Add(new HistoryRecord(Stamped(message.Event)));
                    }

                    break;
                case P.HistoryEvent.EventTypeOneofCase.ExecutionStarted when WorkItem.History.Count > 0 || started:
                    _consumed.Add(message.Id); // duplicate start
                    break;
                default:
                    // Once one event waits for a resume, later ones wait too, so per-name FIFO order holds.
                    keeping |= _status == OrchestrationRuntimeStatus.Suspended;
                    if (keeping)
                    {
                        _kept.Add(message.Id);
                        break;
                    }

                    _consumed.Add(message.Id);
                    if (message.Event.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.ExecutionStarted)
                    {
                        // Started now, so a suspend later in this batch applies to the running instance.
                        started = true;
                        _status = _status == OrchestrationRuntimeStatus.Pending ? OrchestrationRuntimeStatus.Running : _status;
                    }

                    var isEvent = message.Event.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.EventRaised;
                    _history.Add(new HistoryRecord(message.Event, isEvent ? message.Id : null));
                    break;
            }
        }

        return _history.Any(r => !r.Event.IsControl()) ? null : Build(_status);
    }

    private bool AwaitsItsStart() =>
        _instance.Status == OrchestrationRuntimeStatus.Running
        && WorkItem.History.Count == 0
        && !WorkItem.Messages.Any(m => m.Event.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.ExecutionStarted || m.Event.IsControl());

    private P.OrchestratorRequest BuildRequest()
    {
        // The start event goes first: after ContinueAsNew, carried-over events keep older ids than the new start.
        var fed = _history.Where(r => !r.Event.IsControl())
            .OrderBy(r => r.Event.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.ExecutionStarted ? 0 : 1)
            .ToList();
        var control = _history.Where(r => r.Event.IsControl()).ToList();
        _history.Clear();
        _history.AddRange(control);
        _history.Add(new HistoryRecord(HistoryEvents.OrchestratorStarted(Now)));
        _history.AddRange(fed);

        // Lifecycle events are the backend's record; the worker replays only what its code produced and consumed.
        var request = new P.OrchestratorRequest { InstanceId = _instance.InstanceId, ExecutionId = _instance.ExecutionId };
        request.PastEvents.Add(WorkItem.History.Where(r => !r.Event.IsControl()).Select(r => r.Event));
        request.NewEvents.Add(_history.Where(r => !r.Event.IsControl()).Select(r => r.Event));
        return request;
    }

    /// <summary>Turns the worker's answer into the episode's checkpoint.</summary>
    public OrchestrationCheckpoint Complete(P.OrchestratorResponse response)
    {
        // The stock worker still splits answers over 3.9 MB into chunks (a deprecated protocol field).
#pragma warning disable CS0612
        var chunked = response.IsPartial;
#pragma warning restore CS0612
        if (chunked)
        {
            return Fail(HistoryEvents.Failure("OrchestrationLimitExceeded",
                "The worker sent its result in chunks (larger than 3.9 MB); this backend accepts one message per episode. Keep inputs and outputs small."));
        }

        if (response.Actions.Count > _limits.MaxOrchestrationActions)
        {
            return Fail(HistoryEvents.Failure("OrchestrationLimitExceeded",
                $"The orchestrator scheduled {response.Actions.Count} actions in one episode; the limit is {_limits.MaxOrchestrationActions} (maxOrchestrationActions)."));
        }

        if (WorkItem.History.Count + _history.Count + response.Actions.Count + 1 > _limits.MaxHistoryEvents)
        {
            return Fail(HistoryEvents.Failure("OrchestrationLimitExceeded",
                $"The history would grow past {_limits.MaxHistoryEvents} events. Long-running orchestrations must call ContinueAsNew to start over with fresh history."));
        }

        if (response.CustomStatus is { Length: var length } && length > _limits.MaxCustomStatusLength)
        {
            return Fail(HistoryEvents.Failure("OrchestrationLimitExceeded",
                $"The custom status has {length} characters; the limit is {_limits.MaxCustomStatusLength}."));
        }

        var customStatus = response.CustomStatus;
        foreach (var action in response.Actions)
        {
            if (action.OrchestratorActionTypeCase == P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration)
            {
                return Finish(action, customStatus);
            }

            if (Record(action) is { } unsupported)
            {
                return Fail(unsupported);
            }
        }

        _history.Add(new HistoryRecord(HistoryEvents.OrchestratorCompleted(Now)));
        return Build(_status) with { CustomStatus = customStatus };
    }

    /// <summary>Records one scheduling action and what it sends; a failure when the backend cannot carry it out.</summary>
    private P.TaskFailureDetails? Record(P.OrchestratorAction action)
    {
        var self = new P.OrchestrationInstance { InstanceId = _instance.InstanceId, ExecutionId = _instance.ExecutionId };
        switch (action.OrchestratorActionTypeCase)
        {
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                var task = action.ScheduleTask;
                var scheduled = HistoryEvents.New(Now, e => e.TaskScheduled = new P.TaskScheduledEvent
                {
                    Name = task.Name, Version = task.Version, Input = task.Input, ParentTraceContext = task.ParentTraceContext, Tags = { task.Tags },
                }, action.Id);
                _history.Add(new HistoryRecord(scheduled));
                _tasks.Add(new ActivityRequest(scheduled));
                return null;
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                var fireAt = action.CreateTimer.FireAt?.ToDateTime() ?? Now;
                _history.Add(new HistoryRecord(HistoryEvents.New(Now, e => e.TimerCreated = new P.TimerCreatedEvent { FireAt = HistoryEvents.Stamp(fireAt) }, action.Id)));
                _messages.Add(new OutboundMessage(_instance.InstanceId, _instance.ExecutionId, HistoryEvents.TimerFired(fireAt, action.Id), fireAt));
                return null;
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration:
                var child = action.CreateSubOrchestration;
                if (InstanceIds.Problem(child.InstanceId) is { } problem)
                {
                    return HistoryEvents.Failure("InvalidInstanceId", $"Sub-orchestration '{child.Name}': {problem}");
                }

                _history.Add(new HistoryRecord(HistoryEvents.New(Now, e => e.SubOrchestrationInstanceCreated = new P.SubOrchestrationInstanceCreatedEvent
                {
                    InstanceId = child.InstanceId, Name = child.Name, Version = child.Version, Input = child.Input, ParentTraceContext = child.ParentTraceContext, Tags = { child.Tags },
                }, action.Id)));
                var executionId = InstanceIds.New();
                var parent = new P.ParentInstanceInfo { TaskScheduledId = action.Id, Name = _instance.Name, OrchestrationInstance = self };
                _children.Add(new NewOrchestration(child.InstanceId, executionId, child.Name, child.Input, Now, null,
                    new ParentInstance(_instance.InstanceId, _instance.ExecutionId, action.Id),
                    HistoryEvents.Started(child.InstanceId, executionId, child.Name, child.Version, child.Input, Now, null, parent, child.Tags, child.ParentTraceContext)));
                return null;
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent:
                var sent = action.SendEvent;
                _history.Add(new HistoryRecord(HistoryEvents.New(Now, e => e.EventSent = new P.EventSentEvent { InstanceId = sent.Instance?.InstanceId ?? "", Name = sent.Name, Input = sent.Data }, action.Id)));
                if (!string.IsNullOrEmpty(sent.Instance?.InstanceId))
                {
                    _messages.Add(new OutboundMessage(sent.Instance.InstanceId, null, HistoryEvents.Raised(Now, sent.Name, sent.Data), Now));
                }

                return null;
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.TerminateOrchestration:
                var terminate = action.TerminateOrchestration;
                _messages.Add(new OutboundMessage(terminate.InstanceId, null, HistoryEvents.Terminated(Now, terminate.Reason, terminate.Recurse), Now));
                return null;
            default:
                return HistoryEvents.Failure("NotSupported",
                    $"The orchestrator asked for {action.OrchestratorActionTypeCase}, which this backend does not support (entities and rewind are not served).");
        }
    }

    private OrchestrationCheckpoint Finish(P.OrchestratorAction action, string? customStatus)
    {
        var complete = action.CompleteOrchestration;
        switch (complete.OrchestrationStatus)
        {
            case P.OrchestrationStatus.ContinuedAsNew:
                return ContinueAsNew(complete, customStatus);
            case P.OrchestrationStatus.Completed:
                _history.Add(new HistoryRecord(HistoryEvents.Completed(Now, action.Id, P.OrchestrationStatus.Completed, complete.Result, null)));
                NotifyParent(HistoryEvents.ChildCompleted(Now, _instance.Parent?.TaskId ?? -1, complete.Result));
                return Build(OrchestrationRuntimeStatus.Completed) with { Output = complete.Result, CompletedAt = Now, CustomStatus = customStatus };
            default:
                var failure = complete.FailureDetails ?? HistoryEvents.Failure("OrchestrationFailed", complete.Result ?? "The orchestration failed without details.");
                return Fail(failure) with { CustomStatus = customStatus };
        }
    }

    private OrchestrationCheckpoint Fail(P.TaskFailureDetails failure)
    {
        // A failed episode schedules nothing.
        _tasks.Clear();
        _children.Clear();
        _messages.Clear();
        _history.RemoveAll(r => r.Event.EventTypeCase is P.HistoryEvent.EventTypeOneofCase.TaskScheduled or P.HistoryEvent.EventTypeOneofCase.TimerCreated
            or P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated or P.HistoryEvent.EventTypeOneofCase.EventSent);
        _history.Add(new HistoryRecord(HistoryEvents.Completed(Now, -1, P.OrchestrationStatus.Failed, null, failure)));
        NotifyParent(HistoryEvents.ChildFailed(Now, _instance.Parent?.TaskId ?? -1, failure));
        return Build(OrchestrationRuntimeStatus.Failed) with { FailureDetails = failure, CompletedAt = Now };
    }

    private OrchestrationCheckpoint Terminate(P.ExecutionTerminatedEvent request)
    {
        _consumed.Clear();
        _consumed.AddRange(WorkItem.Messages.Select(m => m.Id));
        _kept.Clear();
        _history.Clear();
        _history.Add(new HistoryRecord(HistoryEvents.Terminated(Now, request.Input, request.Recurse)));
        _history.Add(new HistoryRecord(HistoryEvents.Completed(Now, -1, P.OrchestrationStatus.Terminated, request.Input, null)));
        if (request.Recurse)
        {
            foreach (var child in RunningChildren())
            {
                _messages.Add(new OutboundMessage(child, null, HistoryEvents.Terminated(Now, request.Input, recurse: true), Now));
            }
        }

        NotifyParent(HistoryEvents.ChildFailed(Now, _instance.Parent?.TaskId ?? -1,
            HistoryEvents.Failure("OrchestrationTerminated", $"The orchestration was terminated: {request.Input ?? "no reason given"}.")));
        return Build(OrchestrationRuntimeStatus.Terminated) with { Output = request.Input, CompletedAt = Now };
    }

    private OrchestrationCheckpoint ContinueAsNew(P.CompleteOrchestrationAction complete, string? customStatus)
    {
        var executionId = InstanceIds.New();
        var carriedOver = new List<InboxMessage>();
        var candidates = WorkItem.History.Concat(_history).Where(r => r.MessageId is not null).ToList();
        // The .NET SDK carries the events its code never took over by sending them to the instance itself, not as
        // carryover events; sent as new messages they would queue behind events that arrived during this episode.
        var sentToSelf = _messages.Where(m => m.InstanceId == _instance.InstanceId && m.ExecutionId is null
            && m.Event.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.EventRaised).ToList();
        _messages.RemoveAll(sentToSelf.Contains);
        foreach (var carried in complete.CarryoverEvents.Concat(sentToSelf.Select(m => m.Event)))
        {
            // Each unprocessed event goes back under the inbox id it came with, so FIFO order survives the restart.
            var match = candidates.FindIndex(r => SameEvent(r.Event, carried));
            if (match < 0)
            {
                _messages.Add(new OutboundMessage(_instance.InstanceId, null, carried, Now));
                continue;
            }

            var messageId = candidates[match].MessageId!.Value;
            candidates.RemoveAt(match);
            if (_consumed.Remove(messageId))
            {
                _kept.Add(messageId); // consumed in this episode: it simply stays in the inbox
            }
            else
            {
                carriedOver.Add(new InboxMessage(messageId, null, carried, 0));
            }
        }

        // Work scheduled in this last episode still goes out; its results carry the old execution id and are dropped.
        var parent = _instance.Parent is { } p
            ? new P.ParentInstanceInfo { TaskScheduledId = p.TaskId, OrchestrationInstance = new P.OrchestrationInstance { InstanceId = p.InstanceId, ExecutionId = p.ExecutionId } }
            : null;
        var start = HistoryEvents.Started(_instance.InstanceId, executionId, _instance.Name, complete.NewVersion, complete.Result, Now, null, parent);
        _messages.Add(new OutboundMessage(_instance.InstanceId, executionId, start, Now));
        // A suspend that arrived with this episode still holds: the new execution starts once resumed.
        return Build(_status) with
        {
            ExecutionId = executionId,
            Input = complete.Result,
            CustomStatus = customStatus,
            ResetHistory = true,
            NewHistory = [],
            CarriedOverMessages = carriedOver,
        };
    }

    private static bool SameEvent(P.HistoryEvent stored, P.HistoryEvent carried) =>
        stored.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.EventRaised
        && carried.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.EventRaised
        && string.Equals(stored.EventRaised.Name, carried.EventRaised.Name, StringComparison.OrdinalIgnoreCase)
        && stored.EventRaised.Input == carried.EventRaised.Input;

    private IEnumerable<string> RunningChildren()
    {
        var events = WorkItem.History.Select(r => r.Event).ToList();
        var finished = events
            .Where(e => e.EventTypeCase is P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCompleted or P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceFailed)
            .Select(e => e.TaskId())
            .ToHashSet();
        return events
            .Where(e => e.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated && !finished.Contains(e.EventId))
            .Select(e => e.SubOrchestrationInstanceCreated.InstanceId);
    }

    private void NotifyParent(P.HistoryEvent result)
    {
        if (_instance.Parent is { } parent)
        {
            _messages.Add(new OutboundMessage(parent.InstanceId, parent.ExecutionId, result, Now));
        }
    }

    private P.HistoryEvent Stamped(P.HistoryEvent message)
    {
        var copy = message.Clone();
        copy.Timestamp = HistoryEvents.Stamp(Now);
        return copy;
    }

    private OrchestrationCheckpoint Build(OrchestrationRuntimeStatus status) => new()
    {
        Status = status,
        ExecutionId = _instance.ExecutionId,
        Input = _instance.Input,
        Output = _instance.Output,
        CustomStatus = _instance.CustomStatus,
        FailureDetails = _instance.FailureDetails,
        LastUpdatedAt = Now,
        CompletedAt = _instance.CompletedAt,
        NewHistory = _history,
        ConsumedMessageIds = _consumed,
        KeptMessageIds = _kept,
        NewTasks = _tasks,
        NewSubOrchestrations = _children,
        Messages = _messages,
        StatusChanged = status != _instance.Status,
    };
}
