using Microsoft.DurableTask.Client;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Store.Clusters;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Clusters;

/// <summary>
/// Reads Karmada into the store (when Karmada is configured) and, when a cluster appeared, left or changed readiness,
/// records it and tells every running graph. Every inventory refresh goes through here (timer, API, what-if, placement):
/// a refresh sees a change only once, so one that kept it to itself would leave the graphs on a dead cluster.
/// </summary>
/// <param name="client">The host's durable client for the paths that have no binding (the planner); absent under the
/// Functions host's isolated worker, where a change those paths see is kept for the next sync that has one.</param>
public sealed class InventoryNotifier(InventorySync inventory, EventLog events, GraphStore graphs, GraphCommands commands, ClusterStore clusters,
    DurableTaskClient? client = null)
{
    /// <summary>Graphs told of a change at once (each is one durable event raised).</summary>
    private const int TellingAtOnce = 8;

    private int _untold;

    /// <summary>Syncs, and tells the running graphs of a reshaped inventory through <paramref name="bound"/>; the change, null without Karmada.</summary>
    public Task<InventoryChange?> SyncAsync(DurableTaskClient bound, CancellationToken cancellationToken) => SyncAndTellAsync(bound, cancellationToken);

    /// <summary>The clusters as Karmada reports them now, for a placement to decide on (synced first, graphs told).</summary>
    public async Task<IReadOnlyList<ClusterRecord>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await SyncAndTellAsync(client, cancellationToken);
        return await clusters.ListAsync(cancellationToken: cancellationToken);
    }

    private async Task<InventoryChange?> SyncAndTellAsync(DurableTaskClient? sender, CancellationToken cancellationToken)
    {
        var change = await inventory.SyncAsync(cancellationToken);
        if (change is { Reshaped: true })
        {
            var result = change.Sync;
            await events.AppendAsync(new NewEvent(null, null, "inventory",
                $"Clusters added: {Names(result.Added)}; removed: {Names(result.Removed)}; updated: {Names(result.Updated)}."), cancellationToken);
            Interlocked.Exchange(ref _untold, 1);
        }

        // Cleared before sending: a change seen while the graphs are being told is told again, never lost.
        if (sender is null || Interlocked.Exchange(ref _untold, 0) == 0)
        {
            return change;
        }

        try
        {
            // Side by side: with many graphs, telling them one after another would add up to more than the failover's budget.
            var running = (await graphs.ListAsync(cancellationToken)).Where(graph => graph.Status.IsRunning());
            await Parallel.ForEachAsync(running, new ParallelOptions { MaxDegreeOfParallelism = TellingAtOnce, CancellationToken = cancellationToken },
                async (graph, token) => await commands.SendAsync(sender, graph.Name, new GraphCommand(GraphCommandKind.InventoryChanged), token));
        }
        catch
        {
            Interlocked.Exchange(ref _untold, 1);
            throw;
        }

        return change;
    }

    private static string Names(IReadOnlyCollection<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
