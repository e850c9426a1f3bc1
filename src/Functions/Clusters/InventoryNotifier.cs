using Microsoft.DurableTask.Client;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Clusters;

/// <summary>Reads Karmada into the store (when Karmada is configured) and, when a cluster appeared, left or changed readiness, records it and tells every running graph.</summary>
public sealed class InventoryNotifier(InventorySync inventory, EventLog events, GraphStore graphs, GraphCommands commands)
{
    public async Task SyncAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (await inventory.SyncAsync(cancellationToken) is not { Reshaped: true } change)
        {
            return;
        }

        var result = change.Sync;
        await events.AppendAsync(new NewEvent(null, null, "inventory",
            $"Clusters added: {Names(result.Added)}; removed: {Names(result.Removed)}; updated: {Names(result.Updated)}."), cancellationToken);
        foreach (var graph in await graphs.ListAsync(cancellationToken))
        {
            if (graph.Status == GraphStatus.Running)
            {
                await commands.SendAsync(client, graph.Name, new GraphCommand(GraphCommandKind.InventoryChanged), cancellationToken);
            }
        }
    }

    private static string Names(IReadOnlyCollection<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
