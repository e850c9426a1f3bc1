namespace Smo.Store.Graphs;

/// <summary>Where a graph is in its lifecycle; the -ing states are held while its orchestration works on the transition.</summary>
public enum GraphStatus
{
    Deploying,
    Running,
    Stopping,
    Stopped,
    Starting,
    Removing,
    Failed,

    /// <summary>
    /// Running, with services on a failed cluster that Smo cannot move (every cluster of their pin is down, or no
    /// placement was found) or may not (<c>recoveryPolicy: manual_trigger</c>); <see cref="GraphRecord.Degraded"/> says which. The loop runs as for
    /// <see cref="Running"/>, and the graph is Running again once none is left.
    /// </summary>
    Degraded,
}

/// <summary>The statuses that share a meaning.</summary>
public static class GraphStatuses
{
    /// <summary>Installed and driven by its loop: <see cref="GraphStatus.Running"/> or <see cref="GraphStatus.Degraded"/>.</summary>
    public static IReadOnlyList<GraphStatus> Running { get; } = [GraphStatus.Running, GraphStatus.Degraded];

    /// <summary>Whether the graph is installed and driven by its loop (Running, or Degraded).</summary>
    public static bool IsRunning(this GraphStatus status) => status is GraphStatus.Running or GraphStatus.Degraded;
}
