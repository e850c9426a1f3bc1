using Microsoft.Azure.Functions.Worker;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>The stored status users see; Failed carries the reason.</summary>
public sealed class SetGraphStatusActivity(GraphStore graphs)
{
    private static readonly GraphStatus[] Any = Enum.GetValues<GraphStatus>();

    [Function(GraphActivities.SetGraphStatus)]
    public async Task<bool> RunAsync([ActivityTrigger] GraphStatusChange input, CancellationToken cancellationToken)
    {
        var status = Enum.Parse<GraphStatus>(input.Status);
        var update = await graphs.UpdateStatusAsync(input.Graph, Any, status, status == GraphStatus.Failed ? input.Reason : null);
        return update.Applied;
    }
}

/// <summary>One line in the graph's event log, or in the federation's when it must outlive the graph.</summary>
public sealed class RecordGraphEventActivity(EventLog events)
{
    [Function(GraphActivities.RecordGraphEvent)]
    public async Task<bool> RunAsync([ActivityTrigger] GraphEvent input, CancellationToken cancellationToken)
    {
        await events.AppendAsync(new NewEvent(input.OutlivesGraph ? null : input.Graph, null, input.Kind, input.Message));
        return true;
    }
}

/// <summary>The last step of remove: the graph's rows, decisions and events go; a repeat finds nothing and is fine.</summary>
public sealed class DeleteGraphActivity(GraphStore graphs)
{
    [Function(GraphActivities.DeleteGraph)]
    public Task<bool> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken) => graphs.DeleteAsync(input);
}
