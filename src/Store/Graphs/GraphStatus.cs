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
}
