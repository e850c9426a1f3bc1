namespace Smo.Hdag;

/// <summary>H3NI <c>weights</c>: per-graph overrides of the strategies' objective weights; null keeps the default.</summary>
public sealed record ObjectiveWeights(PlacementWeightOverrides Placement, ScalingWeightOverrides Scaling)
{
    /// <summary>
    /// A weight's ceiling: far above any useful ratio between the objective's terms, and low enough that no weighted
    /// term overflows to infinity (a weight of 1e308 made every plan's objective infinite, and unwritable as JSON).
    /// </summary>
    public const double MaxWeight = 1_000_000;

    public static ObjectiveWeights None { get; } = new(new(), new());
}

/// <summary>Placement weights: w_dep, w_re, w_comm, energy and carbon.</summary>
public sealed record PlacementWeightOverrides(
    double? Deployment = null,
    double? Reoptimisation = null,
    double? Communication = null,
    double? Energy = null,
    double? Carbon = null);

/// <summary>Scaling weights: w_util and w_trans.</summary>
public sealed record ScalingWeightOverrides(double? Utilisation = null, double? Transition = null);
