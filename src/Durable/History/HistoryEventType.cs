namespace Smo.Durable;

/// <summary>The kinds of events in an orchestration's history and inbox; values are persisted, never renumber.</summary>
public enum HistoryEventType : short
{
    ExecutionStarted = 1,
    OrchestratorStarted = 2,
    TaskScheduled = 3,
    TaskCompleted = 4,
    TaskFailed = 5,
    TimerCreated = 6,
    TimerFired = 7,
    EventRaised = 8,
    EventSent = 9,
    SubOrchestrationCreated = 10,
    SubOrchestrationCompleted = 11,
    SubOrchestrationFailed = 12,
    ExecutionCompleted = 13,
    ExecutionFailed = 14,
    ExecutionTerminated = 15,
    ExecutionSuspended = 16,
    ExecutionResumed = 17,
    ContinuedAsNew = 18,
}
