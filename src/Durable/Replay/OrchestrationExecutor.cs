using Microsoft.Extensions.Logging;
using Smo.Durable.Storage;

namespace Smo.Durable.Replay;

/// <summary>
/// Turns one claimed work item into one checkpoint: sorts the inbox into lifecycle messages and events, replays the
/// orchestrator over history plus the new events, and collects what the episode decided.
/// </summary>
internal sealed class OrchestrationExecutor(
    DurableTaskRegistry registry,
    IServiceProvider services,
    DataConverter converter,
    ILoggerFactory loggerFactory,
    DurableTaskWorkerOptions options)
{
    public OrchestrationCheckpoint Execute(OrchestrationWorkItem workItem, DateTime now)
    {
        var instance = workItem.Instance;
        var episode = new Episode(instance, now);
        if (instance.Status.IsTerminal())
        {
            // Late messages for a finished instance are drained and dropped.
            return episode.Checkpoint(instance.Status) with { ConsumedMessageIds = workItem.Messages.Select(m => m.Id).ToList() };
        }

        if (AwaitsItsStart(workItem))
        {
            // After ContinueAsNew the new execution's start message can commit a moment after this claim looked:
            // nothing may run before it, so every message waits for the next claim.
            return episode.Checkpoint(instance.Status) with { KeptMessageIds = workItem.Messages.Select(m => m.Id).ToList() };
        }

        var status = instance.Status;
        var keeping = false;
        foreach (var message in workItem.Messages)
        {
            if (message.ExecutionId is not null && message.ExecutionId != instance.ExecutionId)
            {
                episode.Consumed.Add(message.Id); // a result for an execution that ContinueAsNew replaced
                continue;
            }

            switch (message.Event.Type)
            {
                case HistoryEventType.ExecutionTerminated:
                    return Terminate(workItem, episode, message);
                case HistoryEventType.ExecutionSuspended:
                    episode.Consumed.Add(message.Id);
                    if (status == OrchestrationRuntimeStatus.Running)
                    {
                        status = OrchestrationRuntimeStatus.Suspended;
                        episode.History.Add(message.Event with { Timestamp = now });
                    }

                    break;
                case HistoryEventType.ExecutionResumed:
                    episode.Consumed.Add(message.Id);
                    if (status == OrchestrationRuntimeStatus.Suspended)
                    {
                        status = OrchestrationRuntimeStatus.Running;
                        episode.History.Add(message.Event with { Timestamp = now });
                    }

                    break;
                case HistoryEventType.ExecutionStarted when workItem.History.Count > 0 || episode.Started:
                    episode.Consumed.Add(message.Id); // duplicate start
                    break;
                default:
                    // Once one event waits for a resume, later ones wait too, so per-name FIFO order holds.
                    keeping |= status == OrchestrationRuntimeStatus.Suspended;
                    if (keeping)
                    {
                        episode.Kept.Add(message.Id);
                        break;
                    }

                    episode.Consumed.Add(message.Id);
                    if (message.Event.Type == HistoryEventType.ExecutionStarted)
                    {
                        // Started now, so a suspend later in this batch applies to the running instance.
                        episode.Started = true;
                        status = status == OrchestrationRuntimeStatus.Pending ? OrchestrationRuntimeStatus.Running : status;
                    }

                    episode.History.Add(message.Event.Type == HistoryEventType.EventRaised
                        ? message.Event with { MessageId = message.Id }
                        : message.Event);
                    break;
            }
        }

        if (!episode.History.Any(e => !e.IsControl))
        {
            return episode.Checkpoint(status);
        }

        return Replay(workItem, episode, status);
    }

    /// <summary>Fails the instance whose message keeps crashing episodes, so it cannot block the hub.</summary>
    public OrchestrationCheckpoint FailPoisoned(OrchestrationWorkItem workItem, InboxMessage poison, int limit, DateTime now)
    {
        var episode = new Episode(workItem.Instance, now);
        episode.Consumed.AddRange(workItem.Messages.Select(m => m.Id));
        if (workItem.Instance.Status.IsTerminal())
        {
            return episode.Checkpoint(workItem.Instance.Status);
        }

        return Fail(workItem, episode, new TaskFailureDetails("PoisonMessage",
            $"Message #{poison.Id} ({poison.Event.Type} '{poison.Event.Name}') was handed out {poison.DequeueCount} times without a checkpoint (limit {limit}); the instance was failed so it cannot block the task hub."));
    }

    private static bool AwaitsItsStart(OrchestrationWorkItem workItem) =>
        workItem.Instance.Status == OrchestrationRuntimeStatus.Running
        && workItem.History.Count == 0
        && !workItem.Messages.Any(m => m.Event.Type == HistoryEventType.ExecutionStarted || m.Event.IsControl);

    private OrchestrationCheckpoint Replay(OrchestrationWorkItem workItem, Episode episode, OrchestrationRuntimeStatus status)
    {
        var instance = workItem.Instance;
        // The start event goes first: after ContinueAsNew, carried-over events keep older ids than the new start.
        var newEvents = episode.History.OrderBy(e => e.Type == HistoryEventType.ExecutionStarted ? 0 : 1).ToList();
        newEvents.Insert(0, new HistoryEvent(HistoryEventType.OrchestratorStarted, -1, null, null, episode.Now));
        episode.History.Clear();
        episode.History.AddRange(newEvents);

        var orchestrator = registry.CreateOrchestrator(instance.Name, services);
        var replayer = new OrchestrationReplayer(instance.InstanceId, instance.Name, instance.Parent?.InstanceId, orchestrator, converter, loggerFactory);
        var violation = replayer.Apply(workItem.History, replaying: true) ?? replayer.Apply(newEvents, replaying: false);
        var context = replayer.Context;
        if (orchestrator is null)
        {
            return Fail(workItem, episode, new TaskFailureDetails("OrchestratorNotFound",
                $"No orchestrator named '{instance.Name}' is registered with this worker."));
        }

        if (violation is not null)
        {
            return Fail(workItem, episode, TaskFailureDetails.FromException(violation));
        }

        var newActions = context.Actions.Where(a => !a.Recorded).OrderBy(a => a.TaskId).ToList();
        if (newActions.Count > options.MaxOrchestrationActions)
        {
            return Fail(workItem, episode, new TaskFailureDetails("OrchestrationLimitExceeded",
                $"The orchestrator scheduled {newActions.Count} actions in one episode; the limit is {options.MaxOrchestrationActions} (maxOrchestrationActions)."));
        }

        if (workItem.History.Count + episode.History.Count + newActions.Count > options.MaxHistoryEvents)
        {
            return Fail(workItem, episode, new TaskFailureDetails("OrchestrationLimitExceeded",
                $"The history would grow past {options.MaxHistoryEvents} events. Long-running orchestrations must call ContinueAsNew to start over with fresh history."));
        }

        episode.CustomStatus = context.CustomStatus ?? instance.CustomStatus;
        foreach (var action in newActions)
        {
            episode.Record(action, instance);
        }

        return replayer.Run switch
        {
            null => episode.Checkpoint(status),
            { IsCompletedSuccessfully: true } when context.ContinueAsNewRequest is { } next => ContinueAsNew(workItem, episode, context, next, status),
            { IsCompletedSuccessfully: true } run => Complete(workItem, episode, converter.Serialize(run.Result)),
            { IsFaulted: true } run => Fail(workItem, episode, TaskFailureDetails.FromException(run.Exception!.InnerException ?? run.Exception)),
            { IsCanceled: true } => Fail(workItem, episode, new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestrator was cancelled.")),
            _ when !context.HasOutstandingWork => Fail(workItem, episode, new TaskFailureDetails("OrchestratorAwaitedNonDurableTask",
                "The orchestrator is waiting on a task that its context did not create (Task.Delay, Task.Run, I/O or ConfigureAwait(false)); nothing can ever complete it.")),
            _ => episode.Checkpoint(status),
        };
    }

    private OrchestrationCheckpoint Complete(OrchestrationWorkItem workItem, Episode episode, string? output)
    {
        episode.History.Add(new HistoryEvent(HistoryEventType.ExecutionCompleted, -1, null, output, episode.Now));
        NotifyParent(workItem.Instance, episode, new HistoryEvent(HistoryEventType.SubOrchestrationCompleted, workItem.Instance.Parent?.TaskId ?? -1, null, output, episode.Now));
        return episode.Checkpoint(OrchestrationRuntimeStatus.Completed) with { Output = output, CompletedAt = episode.Now };
    }

    private OrchestrationCheckpoint Fail(OrchestrationWorkItem workItem, Episode episode, TaskFailureDetails failure)
    {
        var serialized = converter.Serialize(failure);
        episode.RemoveNewActions();
        episode.History.Add(new HistoryEvent(HistoryEventType.ExecutionFailed, -1, null, serialized, episode.Now));
        NotifyParent(workItem.Instance, episode, new HistoryEvent(HistoryEventType.SubOrchestrationFailed, workItem.Instance.Parent?.TaskId ?? -1, null, serialized, episode.Now));
        return episode.Checkpoint(OrchestrationRuntimeStatus.Failed) with { FailureDetails = failure, CompletedAt = episode.Now };
    }

    private OrchestrationCheckpoint Terminate(OrchestrationWorkItem workItem, Episode episode, InboxMessage terminate)
    {
        var request = converter.Deserialize<TerminateRequest>(terminate.Event.Payload) ?? new TerminateRequest(null, false);
        episode.Consumed.Clear();
        episode.Consumed.AddRange(workItem.Messages.Select(m => m.Id));
        episode.Kept.Clear();
        episode.RemoveNewActions();
        episode.History.Clear();
        episode.History.Add(new HistoryEvent(HistoryEventType.ExecutionTerminated, -1, null, request.Output, episode.Now));
        if (request.Recursive)
        {
            foreach (var child in RunningChildren(workItem.History))
            {
                episode.Messages.Add(new OutboundMessage(child, null, terminate.Event with { Timestamp = episode.Now }, episode.Now));
            }
        }

        var failure = new TaskFailureDetails("OrchestrationTerminated", $"The orchestration was terminated: {request.Output ?? "no reason given"}.");
        NotifyParent(workItem.Instance, episode, new HistoryEvent(HistoryEventType.SubOrchestrationFailed, workItem.Instance.Parent?.TaskId ?? -1, null, converter.Serialize(failure), episode.Now));
        return episode.Checkpoint(OrchestrationRuntimeStatus.Terminated) with { Output = request.Output, CompletedAt = episode.Now };
    }

    private static OrchestrationCheckpoint ContinueAsNew(OrchestrationWorkItem workItem, Episode episode, ReplayOrchestrationContext context, (string? Input, bool Preserve) next, OrchestrationRuntimeStatus status)
    {
        var executionId = InstanceIds.New();
        var carriedOver = new List<InboxMessage>();
        if (next.Preserve)
        {
            foreach (var unprocessed in context.BufferedEvents)
            {
                var messageId = unprocessed.MessageId!.Value;
                // Events consumed in this episode simply stay in the inbox; older ones go back under their old ids.
                if (episode.Consumed.Remove(messageId))
                {
                    episode.Kept.Add(messageId);
                }
                else
                {
                    carriedOver.Add(new InboxMessage(messageId, null, unprocessed with { MessageId = null }, 0));
                }
            }
        }

        // Work scheduled in this last episode still goes out; its results carry the old execution id and are dropped.
        var start = new HistoryEvent(HistoryEventType.ExecutionStarted, -1, workItem.Instance.Name, next.Input, episode.Now);
        episode.Messages.Add(new OutboundMessage(workItem.Instance.InstanceId, executionId, start, episode.Now));
        // A suspend that arrived with this episode still holds: the new execution starts once resumed.
        return episode.Checkpoint(status) with
        {
            ExecutionId = executionId,
            Input = next.Input,
            ResetHistory = true,
            NewHistory = [],
            CarriedOverMessages = carriedOver,
        };
    }

    private static void NotifyParent(OrchestrationInstance instance, Episode episode, HistoryEvent result)
    {
        if (instance.Parent is { } parent)
        {
            episode.Messages.Add(new OutboundMessage(parent.InstanceId, parent.ExecutionId, result, episode.Now));
        }
    }

    private static IEnumerable<string> RunningChildren(IReadOnlyList<HistoryEvent> history)
    {
        var finished = history
            .Where(e => e.Type is HistoryEventType.SubOrchestrationCompleted or HistoryEventType.SubOrchestrationFailed)
            .Select(e => e.TaskId)
            .ToHashSet();
        return history
            .Where(e => e.Type == HistoryEventType.SubOrchestrationCreated && !finished.Contains(e.TaskId))
            .Select(e => e.TargetInstanceId!);
    }

    /// <summary>The working set of one episode, turned into a checkpoint at the end.</summary>
    private sealed class Episode(OrchestrationInstance instance, DateTime now)
    {
        public DateTime Now { get; } = now;

        public bool Started { get; set; }

        public List<long> Consumed { get; } = [];

        public List<long> Kept { get; } = [];

        public List<HistoryEvent> History { get; } = [];

        public List<ActivityRequest> Tasks { get; } = [];

        public List<NewOrchestration> Children { get; } = [];

        public List<OutboundMessage> Messages { get; } = [];

        public string? CustomStatus { get; set; } = instance.CustomStatus;

        private int _firstActionIndex = -1;

        public void Record(PendingAction action, OrchestrationInstance self)
        {
            if (_firstActionIndex < 0)
            {
                _firstActionIndex = History.Count;
            }

            History.Add(action.ToHistoryEvent(Now));
            switch (action.Kind)
            {
                case HistoryEventType.TaskScheduled:
                    Tasks.Add(new ActivityRequest(action.TaskId, action.Name!, action.Payload));
                    break;
                case HistoryEventType.TimerCreated:
                    var fired = new HistoryEvent(HistoryEventType.TimerFired, action.TaskId, null, null, action.FireAt!.Value) { FireAt = action.FireAt };
                    Messages.Add(new OutboundMessage(self.InstanceId, self.ExecutionId, fired, action.FireAt.Value));
                    break;
                case HistoryEventType.SubOrchestrationCreated:
                    Children.Add(new NewOrchestration(action.TargetInstanceId!, InstanceIds.New(), action.Name!, action.Payload, Now, null,
                        new ParentInstance(self.InstanceId, self.ExecutionId, action.TaskId)));
                    break;
                case HistoryEventType.EventSent:
                    var raised = new HistoryEvent(HistoryEventType.EventRaised, -1, action.Name, action.Payload, Now);
                    Messages.Add(new OutboundMessage(action.TargetInstanceId!, null, raised, Now));
                    break;
            }
        }

        /// <summary>A failed or terminated episode schedules nothing.</summary>
        public void RemoveNewActions()
        {
            if (_firstActionIndex >= 0)
            {
                History.RemoveRange(_firstActionIndex, History.Count - _firstActionIndex);
                _firstActionIndex = -1;
            }

            Tasks.Clear();
            Children.Clear();
            Messages.Clear();
        }

        public OrchestrationCheckpoint Checkpoint(OrchestrationRuntimeStatus status) => new()
        {
            Status = status,
            ExecutionId = instance.ExecutionId,
            Input = instance.Input,
            Output = instance.Output,
            CustomStatus = CustomStatus,
            FailureDetails = instance.FailureDetails,
            LastUpdatedAt = Now,
            CompletedAt = instance.CompletedAt,
            NewHistory = History,
            ConsumedMessageIds = Consumed,
            KeptMessageIds = Kept,
            NewTasks = Tasks,
            NewSubOrchestrations = Children,
            Messages = Messages,
            StatusChanged = status != instance.Status,
        };
    }
}

/// <summary>The payload of a terminate message.</summary>
internal sealed record TerminateRequest(string? Output, bool Recursive);
