namespace Smo.Adapters.Karmada;

/// <summary>Divides a service's replicas over several member clusters, where Karmada reads it: a PropagationPolicy of Smo's.</summary>
public interface IKarmadaPropagationPolicies
{
    /// <summary>
    /// Makes Karmada divide the replicas of the Deployment <paramref name="service"/> over the clusters of
    /// <paramref name="weights"/> in proportion to their weights (each ≥ 1). Idempotent: returns false, and writes
    /// nothing, when the policy already says so.
    /// </summary>
    Task<bool> ApplyDivisionAsync(string @namespace, string service, IReadOnlyDictionary<string, int> weights, CancellationToken cancellationToken = default);

    /// <summary>Gives the Deployment back to its chart's placement; false when Smo had no division for it.</summary>
    Task<bool> RemoveDivisionAsync(string @namespace, string service, CancellationToken cancellationToken = default);
}
