using Grpc.Core;
using Microsoft.DurableTask.Client;
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
        // Read first: every backend agrees on status, not all refuse an event for a finished instance.
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not { IsCompleted: false })
        {
            return CommandDelivery.NotRunning;
        }

        try
        {
            await client.RaiseEventAsync(instanceId, GraphCommand.EventName, command, cancellationToken);
            return CommandDelivery.Delivered;
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            return CommandDelivery.NotRunning;
        }
    }
}
