using Microsoft.DurableTask.Client;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Orchestrations.Graphs;
using Smo.Store;
using Smo.Store.Leadership;

namespace Smo.Functions.Scaling;

/// <summary>
/// Runs the <see cref="LoadWatch"/> every <see cref="GraphDefaults.LoadWatchInterval"/> and tells each graph it
/// finds overloaded to scale now (<see cref="GraphCommandKind.ScaleNow"/>), so a load step is answered within a
/// scrape and a look instead of up to a whole scaling interval later. One host of a deployment watches — the holder
/// of the <c>load-watch</c> lease — so two hosts do not ask twice; when it dies another takes over. Under the Functions
/// host's isolated worker there is no durable client outside a function's binding, so it does not run there: the
/// scaling ticks answer load on their own.
/// </summary>
/// <param name="client">The host's durable client; absent under the Functions host's isolated worker.</param>
public sealed partial class LoadWatchService(
    LoadWatch watch, StoreContext store, GraphCommands commands, GraphDefaults defaults, TimeProvider time, ILogger<LoadWatchService> logger,
    DurableTaskClient? client = null)
    : BackgroundService
{
    public const string LeaseRole = "load-watch";

    private string? _lastFailure;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (client is null)
        {
            LogNoClient();
            return;
        }

        await using var lease = new LeaderLease(store, LeaseRole);
        using var timer = new PeriodicTimer(defaults.LoadWatchInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await LookAsync(lease, client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task LookAsync(LeaderLease lease, DurableTaskClient sender, CancellationToken stoppingToken)
    {
        try
        {
            if (!await lease.TryLeadAsync(stoppingToken))
            {
                return;
            }

            foreach (var overload in await watch.LookAsync(stoppingToken))
            {
                LogOverload(overload.Graph, string.Join(", ", overload.Services));
                await commands.SendAsync(sender, overload.Graph, new GraphCommand(GraphCommandKind.ScaleNow, RequestedAt: overload.SeenAt), stoppingToken);
            }

            _lastFailure = null;
        }
        catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
        {
            // Prometheus or the database away: the scaling ticks go on without the watch; say so once, not every look.
            if (failure.Message != _lastFailure)
            {
                _lastFailure = failure.Message;
                LogLookFailed(failure);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Load watch: graph {Graph} is overloaded ({Services}); asking it to scale now")]
    private partial void LogOverload(string graph, string services);

    [LoggerMessage(LogLevel.Information, "Load watch: no durable client in this host (the Functions host's worker); scaling ticks answer load without the watch")]
    private partial void LogNoClient();

    [LoggerMessage(LogLevel.Warning, "Load watch: a look failed; scaling ticks go on, the watch retries")]
    private partial void LogLookFailed(Exception failure);
}
