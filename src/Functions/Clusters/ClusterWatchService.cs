using System.Threading.Channels;
using Microsoft.DurableTask.Client;
using Smo.Adapters.Karmada;

namespace Smo.Functions.Clusters;

/// <summary>
/// Follows Karmada's member clusters (<see cref="IClusterWatch"/>) and, when one joins, leaves, or becomes ready or not
/// ready, refreshes the inventory through <see cref="InventoryNotifier"/> at once, which tells the running graphs — so
/// a failed cluster's services start moving as soon as Karmada reports it, not at the next inventory timer
/// (<c>ClusterInventorySyncSchedule</c>, every 30 s by default), which stays as the safety net. A burst of
/// changes is one sync, and another after it for what came during it; two never run at once. While a not-ready
/// cluster's failover grace runs, a sync is due when it ends. Every host watches (each list and watch costs Karmada
/// little, and the store tells a change once, whichever host syncs first). Under the Functions host's isolated
/// worker there is no durable client outside a function's binding, so it does not run there: the inventory timer
/// notices failures.
/// </summary>
/// <param name="client">The host's durable client; absent under the Functions host's isolated worker.</param>
public sealed partial class ClusterWatchService(
    IClusterWatch watch, InventoryNotifier inventory, TimeProvider time, ILogger<ClusterWatchService> logger, DurableTaskClient? client = null)
    : BackgroundService
{
    /// <summary>The wait before a failed sync is tried again, doubled for each failure in a row up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    // One slot: changes that come while a sync is pending are that sync's; those during a sync make one more.
    private readonly Channel<DateTimeOffset> _due = Channel.CreateBounded<DateTimeOffset>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (client is null)
        {
            LogNoClient();
            return;
        }

        var syncing = SyncWhenDueAsync(client, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in watch.WatchAsync(stoppingToken))
                {
                    Log(change);
                    _due.Writer.TryWrite(change.SeenAt);
                }

                LogWatchFailed(null, MaxRetryDelay.TotalSeconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure)
            {
                // The watch retries Karmada's failures itself; anything else must not stop the host: start over.
                LogWatchFailed(failure, MaxRetryDelay.TotalSeconds);
            }

            await PauseAsync(MaxRetryDelay, stoppingToken);
        }

        await syncing;
    }

    private async Task SyncWhenDueAsync(DurableTaskClient sender, CancellationToken stoppingToken)
    {
        DateTimeOffset? graceEndsAt = null;
        var failures = 0;
        try
        {
            while (true)
            {
                var seenAt = await NextDueAsync(graceEndsAt, stoppingToken);
                try
                {
                    var change = await inventory.SyncAsync(sender, stoppingToken);
                    graceEndsAt = change?.GraceEndsAt;
                    failures = 0;
                    if (seenAt is { } seen)
                    {
                        LogSynced((time.GetUtcNow() - seen).TotalMilliseconds, change?.Reshaped == true);
                    }
                    else
                    {
                        LogGraceSynced(change?.Reshaped == true);
                    }
                }
                catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
                {
                    // Karmada or the store away: try again, backing off; the inventory timer goes on meanwhile.
                    var wait = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(failures++, 16)));
                    LogSyncFailed(failure, failures, wait.TotalSeconds);
                    await PauseAsync(wait, stoppingToken);
                    _due.Writer.TryWrite(time.GetUtcNow());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>Waits for a change, or for the running grace to end; when the change was seen, null for a grace's end.</summary>
    private async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset? graceEndsAt, CancellationToken stoppingToken)
    {
        using var untilGraceEnds = graceEndsAt is { } end
            ? new CancellationTokenSource(Max(end - time.GetUtcNow(), TimeSpan.Zero), time)
            : new CancellationTokenSource();
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, untilGraceEnds.Token);
        try
        {
            await _due.Reader.WaitToReadAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return null;
        }

        return _due.Reader.TryRead(out var seenAt) ? seenAt : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Waits, or returns early when the host stops (the loops then see the token and end).</summary>
    private async Task PauseAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(wait, time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Log(ClusterChange change)
    {
        switch (change)
        {
            case { Lost: true, After: { } now }:
                LogLost(change.Cluster, now.NotReadyReason, now.NotReadySince);
                break;
            case { After: null }:
                LogLeft(change.Cluster);
                break;
            case { Before: null }:
                // Every cluster joins when the watch starts: not worth a line each.
                LogChanged(LogLevel.Debug, change.Cluster, "joined");
                break;
            default:
                LogChanged(LogLevel.Information, change.Cluster, change.After!.Ready ? "is ready again" : "is not ready");
                break;
        }
    }

    [LoggerMessage(LogLevel.Information, "Cluster watch: this host has no durable client (the Functions host's isolated worker); failed clusters are noticed by the inventory timer")]
    private partial void LogNoClient();

    [LoggerMessage(LogLevel.Warning, "Cluster watch: cluster {Cluster} is no longer available ({Reason}; since {Since:O} as Karmada says, to the second); syncing the inventory")]
    private partial void LogLost(string cluster, string? reason, DateTimeOffset? since);

    [LoggerMessage(LogLevel.Error, "Cluster watch: the watch failed or ended unexpectedly; starting it again in {WaitSeconds} s (the inventory timer goes on meanwhile)")]
    private partial void LogWatchFailed(Exception? failure, double waitSeconds);

    [LoggerMessage(LogLevel.Warning, "Cluster watch: cluster {Cluster} left the federation; syncing the inventory")]
    private partial void LogLeft(string cluster);

    [LoggerMessage("Cluster watch: cluster {Cluster} {What}; syncing the inventory")]
    private partial void LogChanged(LogLevel level, string cluster, string what);

    [LoggerMessage(LogLevel.Information, "Cluster watch: inventory synced {ElapsedMs} ms after the change was seen (reshaped: {Reshaped})")]
    private partial void LogSynced(double elapsedMs, bool reshaped);

    [LoggerMessage(LogLevel.Information, "Cluster watch: inventory synced as a failover grace ended (reshaped: {Reshaped})")]
    private partial void LogGraceSynced(bool reshaped);

    [LoggerMessage(LogLevel.Warning, "Cluster watch: an inventory sync failed (failure {Failures} in a row); trying again in {WaitSeconds} s")]
    private partial void LogSyncFailed(Exception failure, int failures, double waitSeconds);
}
