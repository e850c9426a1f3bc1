namespace Smo.Adapters.Karmada;

/// <summary>A change the cluster watch saw in one member cluster's availability.</summary>
/// <param name="Before">The cluster as last seen; null when it was not known (it joined, or the watch just started).</param>
/// <param name="After">The cluster now; null when it left the federation.</param>
/// <param name="SeenAt">When the watch received the change.</param>
public sealed record ClusterChange(string Cluster, MemberCluster? Before, MemberCluster? After, DateTimeOffset SeenAt)
{
    /// <summary>It was a member and ready, and no longer is.</summary>
    public bool Lost => Before is { Ready: true } && After is not { Ready: true };
}
