using System.Text;
using Microsoft.Extensions.Logging;

namespace Smo.Durable.Replay;

/// <summary>
/// The context an orchestrator sees during one episode. Each durable call takes the next sequence number and
/// returns a task that only history can complete; <see cref="OrchestrationReplayer"/> feeds history in.
/// </summary>
internal sealed class ReplayOrchestrationContext(
    string instanceId,
    string name,
    string? parent,
    DataConverter converter,
    ILoggerFactory loggerFactory) : TaskOrchestrationContext
{
    public const int MaxCustomStatusBytes = 16 * 1024;

    private readonly Dictionary<int, PendingAction> _actions = [];
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _bufferedEvents = [];
    private int _nextTaskId;
    private int _guidCounter;
    private string? _input;

    public override string InstanceId { get; } = instanceId;

    public override string Name { get; } = name;

    public override string? Parent { get; } = parent;

    public override DateTime CurrentUtcDateTime => CurrentTime;

    public override bool IsReplaying => Replaying;

    internal DateTime CurrentTime { get; set; }

    internal bool Replaying { get; set; } = true;

    internal string? CustomStatus { get; private set; }

    internal (string? Input, bool PreserveUnprocessedEvents)? ContinueAsNewRequest { get; private set; }

    internal IReadOnlyCollection<PendingAction> Actions => _actions.Values;

    internal IReadOnlyList<HistoryEvent> BufferedEvents => _bufferedEvents;

    /// <summary>True while some durable call can still complete; false means the code awaits something else.</summary>
    internal bool HasOutstandingWork =>
        _eventWaiters.Values.Any(waiters => waiters.Count > 0)
        || _actions.Values.Any(action => action.Completion is { Task.IsCompleted: false });

    internal void SetInput(string? input) => _input = input;

    public override T? GetInput<T>() where T : default => converter.Deserialize<T>(_input);

    public override Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var payload = converter.Serialize(input);
        return WithRetry(options?.Retry, () => AwaitResult<T>(Schedule(HistoryEventType.TaskScheduled, name, payload)));
    }

    public override Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null, SubOrchestrationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (options?.InstanceId is { } childId)
        {
            InstanceIds.Validate(childId, nameof(options));
        }

        var payload = converter.Serialize(input);
        return WithRetry(options?.Retry, () =>
        {
            var target = options?.InstanceId ?? $"{InstanceId}:{_nextTaskId:D4}";
            return AwaitResult<T>(Schedule(HistoryEventType.SubOrchestrationCreated, name, payload, target: target));
        });
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var action = Schedule(HistoryEventType.TimerCreated, null, null, fireAt: DateTime.SpecifyKind(fireAt.ToUniversalTime(), DateTimeKind.Utc));
        if (cancellationToken.CanBeCanceled)
        {
            // A durable timer cannot be recalled from storage; cancelling only stops waiting, and the later
            // TimerFired finds the task already done.
            cancellationToken.Register(() => action.Completion!.TrySetCanceled(cancellationToken));
        }

        return action.Completion!.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (TakeBufferedEvent(eventName) is { } buffered)
        {
            return Task.FromResult(converter.Deserialize<T>(buffered.Payload)!);
        }

        var waiter = AddWaiter(eventName);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (RemoveWaiter(eventName, waiter))
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            });
        }

        return Deserialize<T>(waiter.Task);
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (TakeBufferedEvent(eventName) is { } buffered)
        {
            return converter.Deserialize<T>(buffered.Payload)!;
        }

        var waiter = AddWaiter(eventName);
        using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = CreateTimer(CurrentUtcDateTime.Add(timeout), timerCancellation.Token);
        using var registration = cancellationToken.Register(() =>
        {
            if (RemoveWaiter(eventName, waiter))
            {
                waiter.TrySetCanceled(cancellationToken);
            }
        });
        var winner = await Task.WhenAny(waiter.Task, timer);
        if (winner == waiter.Task)
        {
            timerCancellation.Cancel(); // synchronous on purpose: callbacks must run on the replay thread
            return converter.Deserialize<T>(await waiter.Task)!;
        }

        RemoveWaiter(eventName, waiter);
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"Event '{eventName}' was not received within {timeout}.");
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        InstanceIds.Validate(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        Schedule(HistoryEventType.EventSent, eventName, converter.Serialize(payload), target: instanceId, awaitsResult: false);
    }

    public override void SetCustomStatus(object? customStatus)
    {
        var serialized = converter.Serialize(customStatus);
        var size = serialized is null ? 0 : Encoding.UTF8.GetByteCount(serialized);
        if (size > MaxCustomStatusBytes)
        {
            throw new ArgumentException($"The custom status is {size} bytes once serialized; the limit is {MaxCustomStatusBytes} bytes (16 KB).", nameof(customStatus));
        }

        CustomStatus = serialized;
    }

    public override void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true) =>
        ContinueAsNewRequest = (converter.Serialize(newInput), preserveUnprocessedEvents);

    public override Guid NewGuid() =>
        DeterministicGuid.Create($"{InstanceId}_{CurrentUtcDateTime:O}_{_guidCounter++}");

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(loggerFactory.CreateLogger(categoryName), () => Replaying);

    /// <summary>Hands an event to the oldest waiter for its name, or buffers it until someone waits.</summary>
    internal void DeliverEvent(HistoryEvent raised)
    {
        if (_eventWaiters.TryGetValue(raised.Name!, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult(raised.Payload);
            return;
        }

        _bufferedEvents.Add(raised);
    }

    internal PendingAction? FindAction(int taskId) => _actions.GetValueOrDefault(taskId);

    private PendingAction Schedule(HistoryEventType kind, string? name, string? payload, DateTime? fireAt = null, string? target = null, bool awaitsResult = true)
    {
        var action = new PendingAction(_nextTaskId++, kind, name, payload)
        {
            FireAt = fireAt,
            TargetInstanceId = target,
            Completion = awaitsResult ? new TaskCompletionSource<string?>() : null,
        };
        _actions.Add(action.TaskId, action);
        return action;
    }

    private async Task<T> AwaitResult<T>(PendingAction action)
    {
        var result = await action.Completion!.Task;
        return converter.Deserialize<T>(result)!;
    }

    private async Task<T> Deserialize<T>(Task<string?> payload) => converter.Deserialize<T>(await payload)!;

    private async Task<T> WithRetry<T>(RetryPolicy? retry, Func<Task<T>> call)
    {
        if (retry is null)
        {
            return await call();
        }

        var firstAttemptAt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (TaskFailedException failure) when (attempt < retry.MaxNumberOfAttempts
                && retry.Handle(failure.FailureDetails)
                && (retry.RetryTimeout is null || CurrentUtcDateTime - firstAttemptAt < retry.RetryTimeout))
            {
                await CreateTimer(CurrentUtcDateTime.Add(retry.DelayAfter(attempt)), CancellationToken.None);
            }
        }
    }

    private HistoryEvent? TakeBufferedEvent(string eventName)
    {
        var index = _bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return null;
        }

        var buffered = _bufferedEvents[index];
        _bufferedEvents.RemoveAt(index);
        return buffered;
    }

    private TaskCompletionSource<string?> AddWaiter(string eventName)
    {
        if (!_eventWaiters.TryGetValue(eventName, out var waiters))
        {
            waiters = new LinkedList<TaskCompletionSource<string?>>();
            _eventWaiters.Add(eventName, waiters);
        }

        var waiter = new TaskCompletionSource<string?>();
        waiters.AddLast(waiter);
        return waiter;
    }

    private bool RemoveWaiter(string eventName, TaskCompletionSource<string?> waiter) =>
        _eventWaiters.TryGetValue(eventName, out var waiters) && waiters.Remove(waiter);
}
