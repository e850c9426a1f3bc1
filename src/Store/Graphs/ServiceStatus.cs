namespace Smo.Store.Graphs;

/// <summary>Whether a service's Helm release is installed.</summary>
public enum ServiceStatus
{
    /// <summary>Not installed yet: a conditional service waiting for its alert, or a service the deploy has not reached.</summary>
    Pending,

    Deployed,

    /// <summary>Uninstalled by a stop; a start reinstalls it.</summary>
    NotDeployed,

    Failed,
}
