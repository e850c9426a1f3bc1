using Microsoft.DurableTask.Client;
using Smo.Functions.Durable;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>Whether a graph's orchestration took a command.</summary>
public enum CommandDelivery
{
    Delivered,

    /// <summary>No orchestration owns the graph, or it has finished: nothing will act on the command.</summary>
    NotRunning,
}

/// <summary>Sends a graph's orchestration a command: the one way every API, timer and watch talks to a graph.</summary>
public static class GraphCommandSender
{
    public static async Task<CommandDelivery> SendAsync(this DurableTaskClient client, string graph, GraphCommand command, CancellationToken cancellationToken)
    {
        var instanceId = GraphLifecycle.InstanceIdFor(graph);
        var outcome = await client.DeliverAsync(instanceId, ct => client.RaiseEventAsync(instanceId, GraphCommand.EventName, command, ct), cancellationToken);
        return outcome == MessageOutcome.Delivered ? CommandDelivery.Delivered : CommandDelivery.NotRunning;
    }
}
