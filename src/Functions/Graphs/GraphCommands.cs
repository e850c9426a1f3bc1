using Microsoft.DurableTask.Client;
using Smo.Functions.Durable;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>Whether a graph's orchestration took a command.</summary>
public enum CommandDelivery
{
    Delivered,

    /// <summary>No orchestration owns the graph, or it has finished: nothing will act on the command.</summary>
    NotRunning,
}

/// <summary>
/// Sends a graph's orchestration a command: the one way every API, webhook, timer and watch talks to a graph. A
/// command is stamped with the time it was raised (decision latency is measured from it) unless its sender saw the
/// cause earlier and says when.
/// </summary>
public sealed class GraphCommands(TimeProvider time)
{
    public async Task<CommandDelivery> SendAsync(DurableTaskClient client, string graph, GraphCommand command, CancellationToken cancellationToken)
    {
        var stamped = command.RequestedAt is null ? command with { RequestedAt = time.GetUtcNow().UtcDateTime } : command;
        var instanceId = GraphLifecycle.InstanceIdFor(graph);
        var outcome = await client.DeliverAsync(instanceId, ct => client.RaiseEventAsync(instanceId, GraphCommand.EventName, stamped, ct), cancellationToken);
        return outcome == MessageOutcome.Delivered ? CommandDelivery.Delivered : CommandDelivery.NotRunning;
    }
}
