namespace Smo.Adapters.Karmada;

/// <summary>
/// Where Karmada's scheduler has put the Deployments of a namespace: the <c>spec.clusters</c> of their
/// ResourceBindings (<c>work.karmada.io/v1alpha2</c>, one per propagated resource, protocols.md §3).
/// </summary>
public interface IKarmadaBindings
{
    /// <summary>
    /// The member clusters each Deployment of <paramref name="namespace"/> is scheduled on, by Deployment name, from one
    /// list call. A Deployment Karmada has not bound yet (no policy matched it so far) is not in the answer; one whose
    /// binding is not scheduled yet has no clusters.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListDeploymentClustersAsync(string @namespace, CancellationToken cancellationToken = default);
}
