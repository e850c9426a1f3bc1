namespace Smo.Hdag;

/// <summary>
/// H3NI <c>scaling</c> of a service: the capacity model α·replicas + β ≥ request rate and the replica bounds.
/// Null values leave the scaling strategy's defaults in place.
/// </summary>
public sealed record ScalingParameters(double? Alpha = null, double? Beta = null, int? MinReplicas = null, int? MaxReplicas = null)
{
    public static ScalingParameters None { get; } = new();

    /// <summary><c>spread.minClusters</c>: the fewest clusters its replicas run on (null: one, unless the load needs more).</summary>
    public int? MinClusters { get; init; }
}
