using Grpc.Core;
using Microsoft.DurableTask.Client;

namespace Smo.Functions.Durable;

/// <summary>What became of a message sent to an orchestration instance.</summary>
public enum MessageOutcome
{
    Delivered,
    NotFound,
    Finished,
}

/// <summary>Sends a message (event, terminate, suspend, resume) to an instance: the one way the API and the graph commands do it.</summary>
public static class InstanceMessages
{
    /// <summary>
    /// Reads the status first (every backend agrees on it, not all refuse a message for a finished instance), then
    /// sends; a backend that refuses the message itself in the race is answered the same way.
    /// </summary>
    public static async Task<MessageOutcome> DeliverAsync(this DurableTaskClient client, string instanceId, Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (metadata is null)
        {
            return MessageOutcome.NotFound;
        }

        if (metadata.IsCompleted)
        {
            return MessageOutcome.Finished;
        }

        try
        {
            await send(cancellationToken);
            return MessageOutcome.Delivered;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return MessageOutcome.NotFound;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
        {
            return MessageOutcome.Finished;
        }
    }
}
