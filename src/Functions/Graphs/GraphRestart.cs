using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// How a graph whose orchestration is gone (failed, terminated, purged) starts again from its stored row: in the
/// phase its stored status says, with the command it was carrying out sent again. Every step is idempotent, so
/// repeating a half-done deploy, stop or remove is safe.
/// </summary>
public static class GraphRestart
{
    public static (GraphLifecycle State, GraphCommand? Resume) For(GraphRecord graph, DateTime now)
    {
        var interval = graph.Strategies.ScalingInterval;
        return graph.Status switch
        {
            GraphStatus.Deploying or GraphStatus.Starting => (new GraphLifecycle(graph.Name, GraphPhase.Deploying, interval), null),
            GraphStatus.Running => (new GraphLifecycle(graph.Name, GraphPhase.Running, interval, NextTickAt: now), null),
            // What was held stays known, so the first tick does not re-place it again unless something changed.
            GraphStatus.Degraded => (new GraphLifecycle(graph.Name, GraphPhase.Running, interval, NextTickAt: now,
                Degraded: [.. graph.Degraded.Select(d => new StrandedService(d.Service, d.Cluster, d.Reason))]), null),
            GraphStatus.Stopped => (new GraphLifecycle(graph.Name, GraphPhase.Stopped, interval), null),
            GraphStatus.Failed => (new GraphLifecycle(graph.Name, GraphPhase.Failed, interval), null),
            // The command comes before the next tick: the tick is a whole interval away.
            GraphStatus.Stopping => (new GraphLifecycle(graph.Name, GraphPhase.Running, interval, NextTickAt: now + interval), new GraphCommand(GraphCommandKind.Stop, RequestedAt: now)),
            GraphStatus.Removing => (new GraphLifecycle(graph.Name, GraphPhase.Running, interval, NextTickAt: now + interval), new GraphCommand(GraphCommandKind.Remove, RequestedAt: now)),
            _ => throw new ArgumentOutOfRangeException(nameof(graph), graph.Status, "Unknown graph status."),
        };
    }
}
