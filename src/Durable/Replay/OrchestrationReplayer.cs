using Microsoft.Extensions.Logging;

namespace Smo.Durable.Replay;

/// <summary>
/// Replays one execution: runs the orchestrator on a single-threaded context and feeds it history event by event,
/// checking that every recorded action is produced again by the code.
/// </summary>
internal sealed class OrchestrationReplayer
{
    private readonly ReplayOrchestrationContext _context;
    private readonly EpisodeSynchronizationContext _scheduler = new();
    private readonly ITaskOrchestrator? _orchestrator;
    private readonly DataConverter _converter;
    private Task<object?>? _run;

    public OrchestrationReplayer(string instanceId, string name, string? parent, ITaskOrchestrator? orchestrator, DataConverter converter, ILoggerFactory loggerFactory)
    {
        _orchestrator = orchestrator;
        _converter = converter;
        _context = new ReplayOrchestrationContext(instanceId, name, parent, converter, loggerFactory);
    }

    public ReplayOrchestrationContext Context => _context;

    /// <summary>The orchestrator's own task once started; completed when it returned or threw.</summary>
    public Task<object?>? Run => _run;

    /// <summary>Applies events in order on this thread; returns the first determinism violation, if any.</summary>
    public NonDeterministicOrchestrationException? Apply(IEnumerable<HistoryEvent> events, bool replaying)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_scheduler);
        try
        {
            foreach (var historyEvent in events)
            {
                ApplyOne(historyEvent, replaying);
                _scheduler.RunUntilIdle();
            }

            return null;
        }
        catch (NonDeterministicOrchestrationException violation)
        {
            return violation;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void ApplyOne(HistoryEvent e, bool replaying)
    {
        switch (e.Type)
        {
            case HistoryEventType.ExecutionStarted:
                Start(e.Payload);
                break;
            case HistoryEventType.OrchestratorStarted:
                _context.CurrentTime = e.Timestamp;
                _context.Replaying = replaying;
                break;
            case HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated
                or HistoryEventType.SubOrchestrationCreated or HistoryEventType.EventSent:
                MatchRecordedAction(e);
                break;
            case HistoryEventType.TaskCompleted or HistoryEventType.SubOrchestrationCompleted or HistoryEventType.TimerFired:
                ResultFor(e).Completion!.TrySetResult(e.Payload);
                break;
            case HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationFailed:
                var action = ResultFor(e);
                var details = _converter.Deserialize<TaskFailureDetails>(e.Payload)
                    ?? new TaskFailureDetails("Unknown", "The task failed without details.");
                action.Completion!.TrySetException(new TaskFailedException(action.Name ?? "?", action.TaskId, details));
                break;
            case HistoryEventType.EventRaised:
                _context.DeliverEvent(e);
                break;
        }
    }

    private void Start(string? input)
    {
        if (_run is not null || _orchestrator is null)
        {
            return;
        }

        _context.SetInput(input);
        _run = Invoke(_orchestrator, input);
    }

    // Deserializing inside the async method makes a bad input an orchestration failure, not a worker crash.
    private async Task<object?> Invoke(ITaskOrchestrator orchestrator, string? input) =>
        await orchestrator.RunAsync(_context, _converter.Deserialize(input, orchestrator.InputType));

    private void MatchRecordedAction(HistoryEvent recorded)
    {
        var produced = _context.FindAction(recorded.TaskId);
        if (produced is null)
        {
            throw new NonDeterministicOrchestrationException(
                $"History recorded {recorded.Type} '{recorded.Name}' as action #{recorded.TaskId}, but on replay the orchestrator did not schedule it. " +
                "The orchestrator code changed while instances were running, or it is not deterministic.");
        }

        if (produced.Kind != recorded.Type || !string.Equals(produced.Name, recorded.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new NonDeterministicOrchestrationException(
                $"Action #{recorded.TaskId}: history recorded {recorded.Type} '{recorded.Name}', but on replay the orchestrator scheduled {produced.Kind} '{produced.Name}'. " +
                "The orchestrator code changed while instances were running, or it is not deterministic.");
        }

        produced.Recorded = true;
    }

    private PendingAction ResultFor(HistoryEvent result)
    {
        var action = _context.FindAction(result.TaskId);
        var expected = result.Type switch
        {
            HistoryEventType.TimerFired => HistoryEventType.TimerCreated,
            HistoryEventType.SubOrchestrationCompleted or HistoryEventType.SubOrchestrationFailed => HistoryEventType.SubOrchestrationCreated,
            _ => HistoryEventType.TaskScheduled,
        };
        if (action is null || action.Kind != expected || action.Completion is null)
        {
            throw new NonDeterministicOrchestrationException(
                $"History holds {result.Type} for action #{result.TaskId}, but on replay the orchestrator has no {expected} with that number.");
        }

        return action;
    }
}
