namespace Smo.Adapters.Karmada;

/// <summary>
/// Where Karmada put the replicas of Deployments, per member cluster, from their ResourceBindings: what Smo waits on
/// to make before it breaks (a cluster's new share ready before another's shrinks).
/// </summary>
public interface IKarmadaResourceBindings
{
    /// <summary>The Deployment's replicas per cluster, by cluster name; empty when Karmada has not bound it (no policy selects it).</summary>
    Task<IReadOnlyList<ClusterReplicas>> GetClusterReplicasAsync(string @namespace, string deployment, CancellationToken cancellationToken = default);

    /// <summary>The same for every bound Deployment of <paramref name="namespace"/>, by Deployment name, from one list call.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ClusterReplicas>>> ListClusterReplicasAsync(string @namespace, CancellationToken cancellationToken = default);
}

/// <summary>A Deployment's replicas on one member cluster.</summary>
/// <param name="Scheduled">What Karmada's scheduler gives the cluster (<c>spec.clusters[].replicas</c>); 0 once it gives it none.</param>
/// <param name="Replicas">The member Deployment's pods (<c>status.aggregatedStatus[].status.replicas</c>), pending ones included.</param>
/// <param name="Ready">Its ready pods (<c>readyReplicas</c>).</param>
/// <param name="Available">Its available pods (<c>availableReplicas</c>).</param>
public sealed record ClusterReplicas(string Cluster, int Scheduled, int Replicas, int Ready, int Available);
