using Smo.Store.Graphs;

namespace Smo.Functions.Scaling;

/// <summary>
/// The fewest replicas a scaling decision may leave a service: its minimum and, when that means scaling down,
/// enough replicas to carry the rate with headroom. Without the headroom a rate sitting on a replica boundary
/// (70 req/s at 10 per replica) flips the count at every decision — down on a reading of 69.99, up again on
/// 70.01; Kubernetes' HPA damps the same with its tolerance. Scaling up is not held back.
/// </summary>
public static class ScalingFloor
{
    // Rates are measured, capacities multiplied: forgive rounding, so 7.0000000001 replicas count as 7.
    private const double Rounding = 1e-9;

    /// <param name="headroom">The share of the rate the fewer replicas must carry on top (0.1 = 10 %).</param>
    public static int For(ScalingParameters model, double rate, int currentReplicas, double headroom)
    {
        var carrying = model.Alpha > 0
            ? (int)Math.Min(int.MaxValue, Math.Ceiling(((rate * (1 + headroom)) - model.Beta) / model.Alpha - Rounding))
            : currentReplicas;
        return Math.Clamp(Math.Min(currentReplicas, carrying), model.MinReplicas, Math.Max(model.MinReplicas, model.MaxReplicas));
    }
}
