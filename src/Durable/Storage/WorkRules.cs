namespace Smo.Durable.Storage;

/// <summary>Rules every store applies the same way when it hands out work.</summary>
internal static class WorkRules
{
    /// <summary>
    /// Whether a message may wake an instance: a pending instance only starts or terminates, a suspended one only
    /// resumes or terminates; everything else waits in the inbox.
    /// </summary>
    public static bool CanWake(OrchestrationRuntimeStatus status, HistoryEventType message) => status switch
    {
        OrchestrationRuntimeStatus.Pending => message is HistoryEventType.ExecutionStarted or HistoryEventType.ExecutionTerminated,
        OrchestrationRuntimeStatus.Suspended => message is HistoryEventType.ExecutionResumed or HistoryEventType.ExecutionTerminated,
        _ => true,
    };

    /// <summary>The result a parent receives when its child's instance id is taken by a running instance.</summary>
    public static HistoryEvent ChildRejected(NewOrchestration child, DateTime now) => new(
        HistoryEventType.SubOrchestrationFailed,
        child.Parent!.TaskId,
        child.Name,
        DataConverter.Default.Serialize(new TaskFailureDetails("OrchestrationAlreadyExists",
            $"Sub-orchestration '{child.Name}' could not start: instance '{child.InstanceId}' already exists and is not finished.")),
        now);
}
