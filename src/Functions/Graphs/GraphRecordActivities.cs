using Microsoft.DurableTask;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>The stored status users see; Failed carries the reason.</summary>
[DurableTask(GraphActivities.SetGraphStatus)]
public sealed class SetGraphStatusActivity(GraphStore graphs) : TaskActivity<GraphStatusChange, bool>
{
    private static readonly GraphStatus[] Any = Enum.GetValues<GraphStatus>();

    public override async Task<bool> RunAsync(TaskActivityContext context, GraphStatusChange input)
    {
        var status = Enum.Parse<GraphStatus>(input.Status);
        var update = await graphs.UpdateStatusAsync(input.Graph, Any, status, status == GraphStatus.Failed ? input.Reason : null);
        return update.Applied;
    }
}

[DurableTask(GraphActivities.RecordGraphEvent)]
public sealed class RecordGraphEventActivity(EventLog events) : TaskActivity<GraphEvent, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, GraphEvent input)
    {
        await events.AppendAsync(new NewEvent(input.Graph, null, input.Kind, input.Message));
        return true;
    }
}

/// <summary>The last step of remove: the graph's rows, decisions and events go; a repeat finds nothing and is fine.</summary>
[DurableTask(GraphActivities.DeleteGraph)]
public sealed class DeleteGraphActivity(GraphStore graphs) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => graphs.DeleteAsync(input);
}
