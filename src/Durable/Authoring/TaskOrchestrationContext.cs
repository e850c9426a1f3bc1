using Microsoft.Extensions.Logging;

namespace Smo.Durable;

/// <summary>
/// The orchestrator's only window on the world. Everything here is replay-safe: time comes from history, GUIDs are
/// derived deterministically, and every call that waits is recorded and replayed.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract string InstanceId { get; }

    public abstract string Name { get; }

    /// <summary>The parent orchestration's instance id when this is a sub-orchestration.</summary>
    public abstract string? Parent { get; }

    /// <summary>The start time of the current episode, as recorded in history.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code re-executes events that were already recorded.</summary>
    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public abstract Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public abstract Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null, SubOrchestrationOptions? options = null);

    public Task CallSubOrchestratorAsync(string name, object? input = null, SubOrchestrationOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(name, input, options);

    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an event raised to this instance. Names are case-insensitive; early events are buffered.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="WaitForExternalEvent{T}(string, CancellationToken)"/>, throwing <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default);

    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Sets the status shown to clients; at most 16 KB once serialized.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Restarts this instance with fresh history once the orchestrator returns.</summary>
    public abstract void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that stays silent while the orchestrator replays.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
