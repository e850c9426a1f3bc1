using Smo.Durable.Protocol;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Storage;

/// <summary>
/// Durable state of a task hub. Implementations must make every method atomic; the conformance suite in the
/// tests states the contract and runs against each implementation.
/// </summary>
public interface IOrchestrationStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema; safe to call from several hosts at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates an instance and its start message. An existing non-terminal instance, or a terminal one whose status
    /// is in <paramref name="dedupeStatuses"/>, wins; any other terminal instance of that id is replaced.
    /// </summary>
    Task<CreateOutcome> CreateInstanceAsync(NewOrchestration instance, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken);

    /// <summary>Queues an external event or a lifecycle message (terminate, suspend, resume).</summary>
    Task<MessageDelivery> SendMessageAsync(string instanceId, P.HistoryEvent message, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxInstances"/> instances with visible work, each with up to <paramref name="maxMessages"/> messages;
    /// with <paramref name="names"/>, only instances of those orchestrators.
    /// </summary>
    Task<IReadOnlyList<OrchestrationWorkItem>> LockNextOrchestrationsAsync(string owner, TimeSpan lease, int maxInstances, int maxMessages, IReadOnlyCollection<string>? names, CancellationToken cancellationToken);

    Task<bool> RenewOrchestrationLeaseAsync(OrchestrationWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Writes one episode atomically and releases the lease. Throws <see cref="LeaseLostException"/> if the lease is gone.</summary>
    Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Gives the work item back without changes; it becomes claimable after <paramref name="delay"/>.</summary>
    Task ReleaseOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>
    /// When the next orchestration message becomes visible (or a lease ends) after <paramref name="after"/>, the
    /// moment of the claim that found nothing; a message that became visible since then is due at once.
    /// </summary>
    Task<DateTime?> GetNextOrchestrationWakeUpAsync(DateTime after, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="maxTasks"/> visible activity calls; with <paramref name="names"/>, only calls of those activities.</summary>
    Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(string owner, TimeSpan lease, int maxTasks, IReadOnlyCollection<string>? names, CancellationToken cancellationToken);

    Task<bool> RenewActivityLeaseAsync(ActivityWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the activity row and delivers its result, if this worker still holds the lease; false means another
    /// run already delivered and this result is dropped. Results for a finished or replaced execution are discarded.
    /// </summary>
    Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, P.HistoryEvent result, CancellationToken cancellationToken);

    Task ReleaseActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken);

    Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<P.HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrchestrationInstance>> QueryInstancesAsync(InstanceFilter filter, InstanceCursor? after, int pageSize, CancellationToken cancellationToken);

    /// <summary>What waits to be done now (<see cref="WorkBacklog"/>): two counts, read without locking anything.</summary>
    Task<WorkBacklog> GetBacklogAsync(CancellationToken cancellationToken);

    Task<PurgeOutcome> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Purges terminal instances matching the filter; returns how many.</summary>
    Task<int> PurgeInstancesAsync(InstanceFilter filter, CancellationToken cancellationToken);

    /// <summary>Completes when orchestration work may be available (or when <paramref name="maxWait"/> passes).</summary>
    Task WaitForOrchestrationWorkAsync(Task? signalSnapshot, TimeSpan maxWait, CancellationToken cancellationToken);

    Task WaitForActivityWorkAsync(Task? signalSnapshot, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>A task that completes at the next orchestration wake-up; take it before looking for work so no signal is lost.</summary>
    Task OrchestrationSignal { get; }

    Task ActivitySignal { get; }

    /// <summary>Completes when the instance's status may have changed (or when <paramref name="maxWait"/> passes).</summary>
    Task WaitForInstanceChangeAsync(string instanceId, TimeSpan maxWait, CancellationToken cancellationToken);
}
