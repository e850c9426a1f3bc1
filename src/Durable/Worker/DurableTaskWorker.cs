using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Durable.Replay;
using Smo.Durable.Storage;
using Smo.Durable.Worker;

namespace Smo.Durable;

/// <summary>
/// Claims orchestration episodes and activity calls from the store and runs them, within this host's concurrency
/// limits. Several workers (in one or many processes) can share one store.
/// </summary>
public sealed partial class DurableTaskWorker : BackgroundService
{
    private static readonly TimeSpan MaxInitializationRetryDelay = TimeSpan.FromSeconds(10);
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private readonly IOrchestrationStore _store;
    private readonly DurableTaskRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly DataConverter _converter;
    private readonly DurableTaskWorkerOptions _options;
    private readonly ILogger<DurableTaskWorker> _logger;
    private readonly TimeProvider _time;
    private readonly OrchestrationExecutor _executor;
    private readonly CancellationTokenSource _crash = new();
    private int _runningOrchestrations;
    private int _runningActivities;

    public DurableTaskWorker(
        IOrchestrationStore store,
        DurableTaskRegistry registry,
        IServiceProvider services,
        DataConverter converter,
        IOptions<DurableTaskWorkerOptions> options,
        ILoggerFactory loggerFactory,
        TimeProvider time)
    {
        _store = store;
        _registry = registry;
        _services = services;
        _converter = converter;
        _options = options.Value;
        _options.Validate();
        _logger = loggerFactory.CreateLogger<DurableTaskWorker>();
        _time = time;
        _executor = new OrchestrationExecutor(registry, services, converter, loggerFactory, _options);
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>Episodes running right now on this host.</summary>
    public int RunningOrchestrations => Volatile.Read(ref _runningOrchestrations);

    /// <summary>Activities running right now on this host.</summary>
    public int RunningActivities => Volatile.Read(ref _runningActivities);

    /// <summary>
    /// Stops this worker as if its process died: no more claims, renewals or writes; leases it holds stay until they
    /// expire. For tests of take-over after a crash.
    /// </summary>
    public void SimulateCrash() => _crash.Cancel();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _crash.Token);
        var token = linked.Token;
        await InitializeStoreAsync(token);
        LogStarted(_options.WorkerId, _options.MaxConcurrentOrchestratorFunctions, _options.MaxConcurrentActivityFunctions);
        try
        {
            await Task.WhenAll(
                DispatchAsync("orchestration", _options.MaxConcurrentOrchestratorFunctions,
                    () => _store.OrchestrationSignal,
                    (count, ct) => _store.LockNextOrchestrationsAsync(_options.WorkerId, _options.OrchestrationLease, count, _options.MaxMessagesPerEpisode, ct),
                    ProcessOrchestrationAsync,
                    _store.WaitForOrchestrationWorkAsync,
                    _store.GetNextOrchestrationWakeUpAsync,
                    token),
                DispatchAsync("activity", _options.MaxConcurrentActivityFunctions,
                    () => _store.ActivitySignal,
                    (count, ct) => _store.LockNextActivitiesAsync(_options.WorkerId, _options.ActivityLease, count, ct),
                    ProcessActivityAsync,
                    _store.WaitForActivityWorkAsync,
                    (_, _) => Task.FromResult<DateTime?>(null),
                    token));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>Retries until the store is reachable: a database that starts after the host is not fatal.</summary>
    private async Task InitializeStoreAsync(CancellationToken cancellationToken)
    {
        for (var delay = _options.RetryDelay; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxInitializationRetryDelay.Ticks)))
        {
            try
            {
                await _store.InitializeAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogDispatchFailed(exception, "store initialization");
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private async Task DispatchAsync<TItem>(
        string kind,
        int concurrency,
        Func<Task> signal,
        Func<int, CancellationToken, Task<IReadOnlyList<TItem>>> lockNext,
        Func<TItem, CancellationToken, Task> process,
        Func<Task?, TimeSpan, CancellationToken, Task> waitForWork,
        Func<DateTime, CancellationToken, Task<DateTime?>> nextWakeUp,
        CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var running = new HashSet<Task>();
        var idle = _options.MinPollingInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Claim as many items as there are free slots (up to a batch), in one round trip.
                await slots.WaitAsync(cancellationToken);
                var granted = 1;
                while (granted < _options.MaxClaimBatch && slots.Wait(0))
                {
                    granted++;
                }

                var wakeUp = signal();
                var lookedAt = _time.GetUtcNow().UtcDateTime;
                IReadOnlyList<TItem> items;
                try
                {
                    items = await lockNext(granted, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    slots.Release(granted);
                    LogDispatchFailed(exception, kind);
                    await Task.Delay(_options.RetryDelay, cancellationToken);
                    continue;
                }

                if (items.Count < granted)
                {
                    slots.Release(granted - items.Count);
                }

                if (items.Count == 0)
                {
                    var wait = await IdleWaitAsync(idle, ct => nextWakeUp(lookedAt, ct), cancellationToken);
                    await waitForWork(wakeUp, wait, cancellationToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = _options.MinPollingInterval;
                foreach (var item in items)
                {
                    var work = Task.Run(async () =>
                    {
                        try
                        {
                            await process(item, cancellationToken);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, CancellationToken.None);
                    lock (running)
                    {
                        running.RemoveWhere(t => t.IsCompleted);
                        running.Add(work);
                    }
                }
            }
        }
        finally
        {
            Task[] inFlight;
            lock (running)
            {
                inFlight = [.. running];
            }

            await Task.WhenAll(inFlight).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<TimeSpan> IdleWaitAsync(TimeSpan idle, Func<CancellationToken, Task<DateTime?>> nextWakeUp, CancellationToken cancellationToken)
    {
        try
        {
            if (await nextWakeUp(cancellationToken) is { } due)
            {
                var untilDue = due - _time.GetUtcNow().UtcDateTime;
                return untilDue < idle ? (untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue) : idle;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogDispatchFailed(exception, "wake-up");
        }

        return idle;
    }

    private async Task ProcessOrchestrationAsync(OrchestrationWorkItem item, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runningOrchestrations);
        try
        {
            await using var renewal = new LeaseRenewal(_options.OrchestrationLease,
                ct => _store.RenewOrchestrationLeaseAsync(item, _options.OrchestrationLease, ct));
            OrchestrationCheckpoint checkpoint;
            try
            {
                // Whole microseconds: what PostgreSQL stores, so a replay from the database sees the same time.
                var now = _time.GetUtcNow().UtcDateTime;
                now = now.AddTicks(-(now.Ticks % TicksPerMicrosecond));
                checkpoint = item.Messages.FirstOrDefault(m => m.DequeueCount > _options.MaxDequeueCount) is { } poison
                    ? _executor.FailPoisoned(item, poison, _options.MaxDequeueCount, now)
                    : _executor.Execute(item, now);
            }
            catch (Exception exception)
            {
                LogEpisodeFailed(exception, item.Instance.InstanceId);
                await ReleaseAsync(() => _store.ReleaseOrchestrationAsync(item, _options.RetryDelay, CancellationToken.None));
                return;
            }

            if (_crash.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await _store.CompleteOrchestrationAsync(item, checkpoint, CancellationToken.None);
                if (checkpoint.StatusChanged && checkpoint.Status.IsTerminal())
                {
                    LogInstanceFinished(item.Instance.InstanceId, item.Instance.Name, checkpoint.Status);
                }
            }
            catch (LeaseLostException)
            {
                LogLeaseLost(item.Instance.InstanceId);
            }
            catch (Exception exception)
            {
                LogCheckpointFailed(exception, item.Instance.InstanceId);
                await ReleaseAsync(() => _store.ReleaseOrchestrationAsync(item, _options.RetryDelay, CancellationToken.None));
            }
        }
        finally
        {
            Interlocked.Decrement(ref _runningOrchestrations);
        }
    }

    private async Task ProcessActivityAsync(ActivityWorkItem item, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runningActivities);
        try
        {
            HistoryEvent result;
            await using (new LeaseRenewal(_options.ActivityLease, ct => _store.RenewActivityLeaseAsync(item, _options.ActivityLease, ct)))
            {
                result = item.DequeueCount > _options.MaxDequeueCount
                    ? Failed(item, new TaskFailureDetails("PoisonMessage",
                        $"Activity '{item.Name}' was handed out {item.DequeueCount} times without completing (limit {_options.MaxDequeueCount}); its host keeps dying or losing the lease."))
                    : await RunActivityAsync(item, cancellationToken);
            }

            if (_crash.IsCancellationRequested)
            {
                return;
            }

            if (result.Type == HistoryEventType.TaskFailed && cancellationToken.IsCancellationRequested)
            {
                // The host is stopping and the activity gave up because of it: another run (here or elsewhere) will
                // do the work, so the call is handed back rather than failed.
                await ReleaseAsync(() => _store.ReleaseActivityAsync(item, TimeSpan.Zero, CancellationToken.None));
                return;
            }

            try
            {
                if (!await _store.CompleteActivityAsync(item, result, CancellationToken.None))
                {
                    LogDuplicateActivityResult(item.Name, item.InstanceId, item.TaskId);
                }
            }
            catch (Exception exception)
            {
                LogCheckpointFailed(exception, item.InstanceId);
                await ReleaseAsync(() => _store.ReleaseActivityAsync(item, _options.RetryDelay, CancellationToken.None));
            }
        }
        finally
        {
            Interlocked.Decrement(ref _runningActivities);
        }
    }

    private async Task<HistoryEvent> RunActivityAsync(ActivityWorkItem item, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var activity = _registry.CreateActivity(item.Name, scope.ServiceProvider);
        if (activity is null)
        {
            return Failed(item, new TaskFailureDetails("ActivityNotFound", $"No activity named '{item.Name}' is registered with this worker."));
        }

        var context = new TaskActivityContext(item.Name, item.InstanceId, item.ExecutionId, item.TaskId, item.DequeueCount, cancellationToken);
        try
        {
            var output = await activity.RunAsync(context, _converter.Deserialize(item.Input, activity.InputType));
            return new HistoryEvent(HistoryEventType.TaskCompleted, item.TaskId, item.Name, _converter.Serialize(output), _time.GetUtcNow().UtcDateTime);
        }
        catch (Exception exception)
        {
            LogActivityFailed(exception, item.Name, item.InstanceId);
            return Failed(item, TaskFailureDetails.FromException(exception));
        }
    }

    private HistoryEvent Failed(ActivityWorkItem item, TaskFailureDetails failure) =>
        new(HistoryEventType.TaskFailed, item.TaskId, item.Name, _converter.Serialize(failure), _time.GetUtcNow().UtcDateTime);

    private async Task ReleaseAsync(Func<Task> release)
    {
        if (_crash.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await release();
        }
        catch (Exception exception)
        {
            // The lease simply expires and the work is offered again.
            LogDispatchFailed(exception, "release");
        }
    }

    public override void Dispose()
    {
        _crash.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Durable worker {WorkerId} started (orchestrations {MaxOrchestrations}, activities {MaxActivities} at once)")]
    private partial void LogStarted(string workerId, int maxOrchestrations, int maxActivities);

    [LoggerMessage(LogLevel.Warning, "Claiming {Kind} work failed; retrying")]
    private partial void LogDispatchFailed(Exception exception, string kind);

    [LoggerMessage(LogLevel.Error, "Episode of {InstanceId} failed inside the runtime; it will be retried")]
    private partial void LogEpisodeFailed(Exception exception, string instanceId);

    [LoggerMessage(LogLevel.Warning, "Checkpoint of {InstanceId} failed; the work will be retried")]
    private partial void LogCheckpointFailed(Exception exception, string instanceId);

    [LoggerMessage(LogLevel.Warning, "Lease on {InstanceId} was lost; another worker owns it and this episode is discarded")]
    private partial void LogLeaseLost(string instanceId);

    [LoggerMessage(LogLevel.Information, "Orchestration {InstanceId} ({Name}) finished as {Status}")]
    private partial void LogInstanceFinished(string instanceId, string name, OrchestrationRuntimeStatus status);

    [LoggerMessage(LogLevel.Warning, "Activity {Name} of {InstanceId} failed")]
    private partial void LogActivityFailed(Exception exception, string name, string instanceId);

    [LoggerMessage(LogLevel.Information, "Result of activity {Name} (#{TaskId}) of {InstanceId} dropped: another run delivered it first")]
    private partial void LogDuplicateActivityResult(string name, string instanceId, int taskId);
}
