using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Smo.Durable.Protocol;
using Smo.Durable.Storage;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Dispatch;

/// <summary>
/// Hands work to connected workers and takes their results back. Each <c>GetWorkItems</c> stream claims from the
/// store within the concurrency the worker announced and only the orchestrators and activities it asked for; a
/// claimed item keeps its lease (renewed at a third of its length) until the worker answers under the item's
/// completion token, and goes back to the store when the worker's stream ends first.
/// </summary>
internal sealed partial class WorkDispatcher(IOrchestrationStore store, BackendLimits limits, TimeProvider time, ILogger<WorkDispatcher> logger)
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private static readonly TimeSpan HealthPingInterval = TimeSpan.FromSeconds(30);
    private const int DefaultConcurrency = 100;

    private readonly ConcurrentDictionary<string, LeasedWork<OrchestrationEpisode>> _orchestrations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LeasedWork<ActivityWorkItem>> _activities = new(StringComparer.Ordinal);

    private const int MaxRememberedCommits = 10_000;

    /// <summary>Per instance, the execution and history length of the last checkpoint this process committed.</summary>
    private readonly ConcurrentDictionary<string, (string ExecutionId, int HistoryCount)> _committedHere = new(StringComparer.Ordinal);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    private readonly CancellationTokenSource _crash = new();

    /// <summary>Episodes handed out and not yet answered.</summary>
    public int OutstandingOrchestrations => _orchestrations.Count;

    /// <summary>Activity calls handed out and not yet answered.</summary>
    public int OutstandingActivities => _activities.Count;

    /// <summary>
    /// Stops this backend as if its process died: no more claims, renewals, checkpoints or releases; the leases it
    /// holds stay until they expire. For tests of take-over after a crash.
    /// </summary>
    internal void SimulateCrash()
    {
        _crash.Cancel();
        foreach (var leased in _orchestrations.Values)
        {
            _ = leased.Renewal.DisposeAsync();
        }

        foreach (var leased in _activities.Values)
        {
            _ = leased.Renewal.DisposeAsync();
        }
    }

    private bool Crashed => _crash.IsCancellationRequested;

    public async Task StreamAsync(P.GetWorkItemsRequest request, IServerStreamWriter<P.WorkItem> writer, CancellationToken cancellationToken)
    {
        // The schema may not exist yet on a first start: work waits for it, the stream stays open.
        await InitializeStoreAsync(cancellationToken);
        var streamId = Guid.NewGuid().ToString("N");
        var outbox = Channel.CreateUnbounded<P.WorkItem>(new UnboundedChannelOptions { SingleReader = true });
        var filters = request.WorkItemFilters;
        var orchestrationNames = filters is { Orchestrations.Count: > 0 } ? filters.Orchestrations.Select(f => f.Name).ToArray() : null;
        var activityNames = filters is { Activities.Count: > 0 } ? filters.Activities.Select(f => f.Name).ToArray() : null;
        // A worker that filters but names no orchestrators (or no activities) wants none of them.
        var wantsOrchestrations = filters is null || filters.Orchestrations.Count > 0 || filters.Activities.Count == 0;
        var wantsActivities = filters is null || filters.Activities.Count > 0 || filters.Orchestrations.Count == 0;
        // Not disposed: a worker's answer may release a slot after its stream ended (its work was handed back), and a
        // SemaphoreSlim whose wait handle is never asked for holds nothing to dispose.
        var orchestrationSlots = new SemaphoreSlim(Concurrency(request.MaxConcurrentOrchestrationWorkItems));
        var activitySlots = new SemaphoreSlim(Concurrency(request.MaxConcurrentActivityWorkItems));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _crash.Token);
        LogStreamOpened(streamId, request.MaxConcurrentOrchestrationWorkItems, request.MaxConcurrentActivityWorkItems, orchestrationNames?.Length ?? -1, activityNames?.Length ?? -1);
        var loops = new List<Task> { WriteAsync(outbox.Reader, writer, stop.Token), PingAsync(outbox.Writer, stop.Token) };
        if (wantsOrchestrations)
        {
            loops.Add(ClaimLoopAsync("orchestration", orchestrationSlots, () => store.OrchestrationSignal,
                (count, ct) => ClaimOrchestrationsAsync(count, orchestrationNames, orchestrationSlots, streamId, outbox.Writer, ct),
                store.WaitForOrchestrationWorkAsync, store.GetNextOrchestrationWakeUpAsync, stop.Token));
        }

        if (wantsActivities)
        {
            loops.Add(ClaimLoopAsync("activity", activitySlots, () => store.ActivitySignal,
                (count, ct) => ClaimActivitiesAsync(count, activityNames, activitySlots, streamId, outbox.Writer, ct),
                store.WaitForActivityWorkAsync, (_, _) => Task.FromResult<DateTime?>(null), stop.Token));
        }

        try
        {
            // A loop that ends on its own (the worker's stream broke) ends the stream; its failure is not lost.
            var ended = await Task.WhenAny(loops);
            if (ended.Exception is { } failure && !stop.IsCancellationRequested)
            {
                LogStreamBroken(failure.GetBaseException(), streamId);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops).ContinueWith(_ => { }, TaskScheduler.Default);
            await ReleaseStreamAsync(streamId);
            LogStreamClosed(streamId);
        }
    }

    private async Task InitializeStoreAsync(CancellationToken cancellationToken)
    {
        for (var delay = limits.RetryDelay; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, limits.MaxPollingInterval.Ticks)))
        {
            try
            {
                await store.InitializeAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogClaimFailed(exception, "store initialization");
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static int Concurrency(int requested) => requested > 0 ? requested : DefaultConcurrency;

    private static async Task WriteAsync(ChannelReader<P.WorkItem> outbox, IServerStreamWriter<P.WorkItem> writer, CancellationToken cancellationToken)
    {
        await foreach (var item in outbox.ReadAllAsync(cancellationToken))
        {
            await writer.WriteAsync(item, cancellationToken);
        }
    }

    /// <summary>The stock worker treats a silent stream as a dead one; a ping now and then keeps an idle one open.</summary>
    private static async Task PingAsync(ChannelWriter<P.WorkItem> outbox, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HealthPingInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            outbox.TryWrite(new P.WorkItem { HealthPing = new P.HealthPing() });
        }
    }

    /// <summary>Claims as many items as there are free slots (up to a batch) in one round trip; idles with wake-ups and a backing-off poll.</summary>
    private async Task ClaimLoopAsync(
        string kind,
        SemaphoreSlim slots,
        Func<Task> signal,
        Func<int, CancellationToken, Task<int>> claim,
        Func<Task?, TimeSpan, CancellationToken, Task> waitForWork,
        Func<DateTime, CancellationToken, Task<DateTime?>> nextWakeUp,
        CancellationToken cancellationToken)
    {
        var idle = limits.MinPollingInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await slots.WaitAsync(cancellationToken);
                var granted = 1;
                while (granted < limits.MaxClaimBatch && slots.Wait(0))
                {
                    granted++;
                }

                var wakeUp = signal();
                var lookedAt = time.GetUtcNow().UtcDateTime;
                int claimed;
                try
                {
                    claimed = await claim(granted, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    slots.Release(granted);
                    LogClaimFailed(exception, kind);
                    await Task.Delay(limits.RetryDelay, cancellationToken);
                    continue;
                }

                if (claimed < granted)
                {
                    slots.Release(granted - claimed);
                }

                if (claimed == granted)
                {
                    idle = limits.MinPollingInterval;
                    continue; // there may be more
                }

                if (claimed > 0)
                {
                    // Everything visible was taken: wait for the next wake-up (taken before the claim, so none is lost).
                    idle = limits.MinPollingInterval;
                    await waitForWork(wakeUp, idle, cancellationToken);
                    continue;
                }

                var wait = await IdleWaitAsync(idle, ct => nextWakeUp(lookedAt, ct), cancellationToken);
                await waitForWork(wakeUp, wait, cancellationToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, limits.MaxPollingInterval.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<TimeSpan> IdleWaitAsync(TimeSpan idle, Func<CancellationToken, Task<DateTime?>> nextWakeUp, CancellationToken cancellationToken)
    {
        try
        {
            if (await nextWakeUp(cancellationToken) is { } due)
            {
                var untilDue = due - time.GetUtcNow().UtcDateTime;
                return untilDue < idle ? (untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue) : idle;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogClaimFailed(exception, "wake-up");
        }

        return idle;
    }

    /// <summary>Claims episodes; those the backend decides alone are written at once, the rest go to the worker. Returns how many slots stay taken.</summary>
    private async Task<int> ClaimOrchestrationsAsync(int count, string[]? names, SemaphoreSlim slots, string streamId, ChannelWriter<P.WorkItem> outbox, CancellationToken cancellationToken)
    {
        var items = await store.LockNextOrchestrationsAsync(_owner, limits.OrchestrationLease, count, limits.MaxMessagesPerEpisode, names, cancellationToken);
        var handedOut = 0;
        foreach (var item in items)
        {
            OrchestrationEpisode episode;
            try
            {
                episode = OrchestrationEpisode.Prepare(item, EpisodeTime(), limits);
            }
            catch (Exception exception)
            {
                LogEpisodeFailed(exception, item.Instance.InstanceId);
                await ReleaseQuietlyAsync(() => store.ReleaseOrchestrationAsync(item, limits.RetryDelay, CancellationToken.None));
                continue;
            }

            if (episode.Checkpoint is { } decided)
            {
                await CheckpointAsync(episode, decided, ranByWorker: false);
                continue;
            }

            var token = "o:" + Guid.NewGuid().ToString("N");
            var renewal = new LeaseRenewal(limits.OrchestrationLease, ct => store.RenewOrchestrationLeaseAsync(item, limits.OrchestrationLease, ct),
                () => LogLeaseLost(item.Instance.InstanceId));
            // Taken, not read: until this episode commits, nothing here is known to match the stored history.
            var continuesHere = _committedHere.TryRemove(item.Instance.InstanceId, out var committed)
                && committed == (item.Instance.ExecutionId, item.Instance.HistoryCount);
            _orchestrations[token] = new LeasedWork<OrchestrationEpisode>(episode, renewal, slots, streamId, continuesHere);
            outbox.TryWrite(new P.WorkItem { OrchestratorRequest = episode.Request, CompletionToken = token });
            handedOut++;
        }

        return handedOut;
    }

    private async Task<int> ClaimActivitiesAsync(int count, string[]? names, SemaphoreSlim slots, string streamId, ChannelWriter<P.WorkItem> outbox, CancellationToken cancellationToken)
    {
        var items = await store.LockNextActivitiesAsync(_owner, limits.ActivityLease, count, names, cancellationToken);
        var handedOut = 0;
        foreach (var item in items)
        {
            if (item.DequeueCount > limits.MaxDequeueCount)
            {
                var failure = HistoryEvents.Failure("PoisonMessage",
                    $"Activity '{item.Name}' was handed out {item.DequeueCount} times without completing (limit {limits.MaxDequeueCount}); its worker keeps dying or losing the lease.");
                await DeliverActivityResultAsync(item, HistoryEvents.TaskFailed(time.GetUtcNow().UtcDateTime, item.TaskId, failure));
                continue;
            }

            var token = "a:" + Guid.NewGuid().ToString("N");
            var renewal = new LeaseRenewal(limits.ActivityLease, ct => store.RenewActivityLeaseAsync(item, limits.ActivityLease, ct),
                () => LogActivityLeaseLost(item.Name, item.InstanceId, item.TaskId));
            _activities[token] = new LeasedWork<ActivityWorkItem>(item, renewal, slots, streamId);
            var scheduled = item.Scheduled.TaskScheduled;
            var request = new P.ActivityRequest
            {
                Name = scheduled.Name,
                Version = scheduled.Version,
                Input = scheduled.Input,
                TaskId = item.TaskId,
                OrchestrationInstance = new P.OrchestrationInstance { InstanceId = item.InstanceId, ExecutionId = item.ExecutionId },
                ParentTraceContext = scheduled.ParentTraceContext,
                Tags = { scheduled.Tags },
            };
            outbox.TryWrite(new P.WorkItem { ActivityRequest = request, CompletionToken = token });
            handedOut++;
        }

        return handedOut;
    }

    /// <summary>Applies a worker's actions; false when the token names no episode this backend is waiting for.</summary>
    public async Task<bool> CompleteOrchestrationAsync(P.OrchestratorResponse response)
    {
        if (Crashed || !_orchestrations.TryRemove(response.CompletionToken, out var leased))
        {
            return false;
        }

        try
        {
            await leased.Renewal.DisposeAsync();
            var episode = leased.Item;
            if (!string.Equals(response.InstanceId, episode.WorkItem.Instance.InstanceId, StringComparison.Ordinal))
            {
                LogMismatchedResponse(response.InstanceId, episode.WorkItem.Instance.InstanceId);
                await ReleaseQuietlyAsync(() => store.ReleaseOrchestrationAsync(episode.WorkItem, limits.RetryDelay, CancellationToken.None));
                return false;
            }

            await CheckpointAsync(episode, episode.Complete(response), ranByWorker: true);
            return true;
        }
        finally
        {
            leased.Slots.Release();
        }
    }

    /// <summary>
    /// Whether the episode handed out under <paramref name="completionToken"/> starts from the checkpoint this process
    /// committed last for its instance — no other host or failed commit came between — so a worker that kept the
    /// orchestration in memory since (an extended session) may run only the new events.
    /// </summary>
    public bool ContinuesCommittedState(string completionToken) =>
        _orchestrations.TryGetValue(completionToken, out var leased) && leased.ContinuesHere;

    /// <summary>
    /// Cancelled when the lease of the activity call handed out under <paramref name="completionToken"/> is lost;
    /// never for a token this backend is not waiting for.
    /// </summary>
    public CancellationToken ActivityLeaseLost(string completionToken) =>
        _activities.TryGetValue(completionToken, out var leased) ? leased.Renewal.LostToken : CancellationToken.None;

    /// <summary>Delivers an activity's result; false when the token names no call this backend is waiting for.</summary>
    public async Task<bool> CompleteActivityAsync(P.ActivityResponse response)
    {
        if (Crashed || !_activities.TryRemove(response.CompletionToken, out var leased))
        {
            return false;
        }

        try
        {
            await leased.Renewal.DisposeAsync();
            var item = leased.Item;
            var now = time.GetUtcNow().UtcDateTime;
            var result = response.FailureDetails is { } failure
                ? HistoryEvents.TaskFailed(now, item.TaskId, failure)
                : HistoryEvents.TaskCompleted(now, item.TaskId, response.Result);
            await DeliverActivityResultAsync(item, result);
            return true;
        }
        finally
        {
            leased.Slots.Release();
        }
    }

    /// <summary>Gives an episode back unchanged; it is offered again after the retry delay.</summary>
    public async Task<bool> AbandonOrchestrationAsync(string token)
    {
        if (Crashed || !_orchestrations.TryRemove(token, out var leased))
        {
            return false;
        }

        await leased.Renewal.DisposeAsync();
        await ReleaseQuietlyAsync(() => store.ReleaseOrchestrationAsync(leased.Item.WorkItem, limits.RetryDelay, CancellationToken.None));
        leased.Slots.Release();
        return true;
    }

    public async Task<bool> AbandonActivityAsync(string token)
    {
        if (Crashed || !_activities.TryRemove(token, out var leased))
        {
            return false;
        }

        await leased.Renewal.DisposeAsync();
        await ReleaseQuietlyAsync(() => store.ReleaseActivityAsync(leased.Item, limits.RetryDelay, CancellationToken.None));
        leased.Slots.Release();
        return true;
    }

    /// <param name="ranByWorker">
    /// The worker ran the orchestrator for this checkpoint, so a worker keeping it in memory has seen every event the
    /// checkpoint stores; an episode the backend decided alone (suspend, resume, ...) is continued by no session.
    /// </param>
    private async Task CheckpointAsync(OrchestrationEpisode episode, OrchestrationCheckpoint checkpoint, bool ranByWorker)
    {
        var item = episode.WorkItem;
        if (Crashed)
        {
            return;
        }

        try
        {
            // Remembered before the commit: once it lands, the next episode may be claimed before this continuation
            // runs. A commit that fails leaves the stored history shorter than remembered, so nothing continues it.
            if (ranByWorker && !checkpoint.ResetHistory && !checkpoint.Status.IsTerminal())
            {
                RememberCommitted(item.Instance.InstanceId, checkpoint.ExecutionId, item.Instance.HistoryCount + checkpoint.NewHistory.Count);
            }

            await store.CompleteOrchestrationAsync(item, checkpoint, CancellationToken.None);
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
            await ReleaseQuietlyAsync(() => store.ReleaseOrchestrationAsync(item, limits.RetryDelay, CancellationToken.None));
        }
    }

    /// <summary>A ContinueAsNew or an end starts no session to continue, so only running executions are remembered.</summary>
    private void RememberCommitted(string instanceId, string executionId, int historyCount)
    {
        if (_committedHere.Count >= MaxRememberedCommits)
        {
            _committedHere.Clear(); // bounded; forgetting costs one replay from history
        }

        _committedHere[instanceId] = (executionId, historyCount);
    }

    private async Task DeliverActivityResultAsync(ActivityWorkItem item, P.HistoryEvent result)
    {
        try
        {
            if (!await store.CompleteActivityAsync(item, result, CancellationToken.None))
            {
                LogDuplicateActivityResult(item.Name, item.InstanceId, item.TaskId);
            }
        }
        catch (Exception exception)
        {
            LogCheckpointFailed(exception, item.InstanceId);
            await ReleaseQuietlyAsync(() => store.ReleaseActivityAsync(item, limits.RetryDelay, CancellationToken.None));
        }
    }

    /// <summary>A worker that went away gives its outstanding work back at once, so another worker need not wait for the leases.</summary>
    private async Task ReleaseStreamAsync(string streamId)
    {
        if (Crashed)
        {
            return;
        }

        foreach (var (token, leased) in _orchestrations.Where(p => p.Value.StreamId == streamId).ToList())
        {
            if (_orchestrations.TryRemove(token, out _))
            {
                await leased.Renewal.DisposeAsync();
                await ReleaseQuietlyAsync(() => store.ReleaseOrchestrationAsync(leased.Item.WorkItem, TimeSpan.Zero, CancellationToken.None));
            }
        }

        foreach (var (token, leased) in _activities.Where(p => p.Value.StreamId == streamId).ToList())
        {
            if (_activities.TryRemove(token, out _))
            {
                await leased.Renewal.DisposeAsync();
                await ReleaseQuietlyAsync(() => store.ReleaseActivityAsync(leased.Item, TimeSpan.Zero, CancellationToken.None));
            }
        }
    }

    /// <summary>Whole microseconds: what PostgreSQL stores, so a replay from the database sees the same time.</summary>
    private DateTime EpisodeTime()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TicksPerMicrosecond));
    }

    private async Task ReleaseQuietlyAsync(Func<Task> release)
    {
        try
        {
            await release();
        }
        catch (Exception exception)
        {
            // The lease simply expires and the work is offered again.
            LogClaimFailed(exception, "release");
        }
    }

    [LoggerMessage(LogLevel.Information, "Worker stream {StreamId} connected (orchestrations {MaxOrchestrations}, activities {MaxActivities} at once; orchestrator names {OrchestratorFilter}, activity names {ActivityFilter}, -1 = all)")]
    private partial void LogStreamOpened(string streamId, int maxOrchestrations, int maxActivities, int orchestratorFilter, int activityFilter);

    [LoggerMessage(LogLevel.Warning, "Worker stream {StreamId} broke; its outstanding work is handed back")]
    private partial void LogStreamBroken(Exception exception, string streamId);

    [LoggerMessage(LogLevel.Information, "Worker stream {StreamId} closed; its outstanding work was handed back")]
    private partial void LogStreamClosed(string streamId);

    [LoggerMessage(LogLevel.Warning, "Claiming {Kind} work failed; retrying")]
    private partial void LogClaimFailed(Exception exception, string kind);

    [LoggerMessage(LogLevel.Error, "Episode of {InstanceId} could not be prepared; it will be retried")]
    private partial void LogEpisodeFailed(Exception exception, string instanceId);

    [LoggerMessage(LogLevel.Warning, "Checkpoint of {InstanceId} failed; the work will be retried")]
    private partial void LogCheckpointFailed(Exception exception, string instanceId);

    [LoggerMessage(LogLevel.Warning, "Lease on {InstanceId} was lost; another worker owns it and this episode is discarded")]
    private partial void LogLeaseLost(string instanceId);

    [LoggerMessage(LogLevel.Warning, "Lease on activity {Name} (#{TaskId}) of {InstanceId} was lost; its result will be dropped")]
    private partial void LogActivityLeaseLost(string name, string instanceId, int taskId);

    [LoggerMessage(LogLevel.Warning, "A worker answered for instance {Answered} under the token of {Expected}; the episode is retried")]
    private partial void LogMismatchedResponse(string answered, string expected);

    [LoggerMessage(LogLevel.Information, "Orchestration {InstanceId} ({Name}) finished as {Status}")]
    private partial void LogInstanceFinished(string instanceId, string name, OrchestrationRuntimeStatus status);

    [LoggerMessage(LogLevel.Information, "Result of activity {Name} (#{TaskId}) of {InstanceId} dropped: another run delivered it first")]
    private partial void LogDuplicateActivityResult(string name, string instanceId, int taskId);
}
