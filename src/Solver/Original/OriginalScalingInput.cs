using Smo.Solver.Model;

namespace Smo.Solver.Original;

/// <summary>
/// The inputs of V3's <c>decide_replicas</c> for the services of one cluster, in its own terms and order.
/// </summary>
/// <param name="Names">The services, in the problem's order.</param>
/// <param name="Rates">λ_s: the measured request rate.</param>
/// <param name="Previous">p_s: the replicas now.</param>
/// <param name="CpuLimits">c_s: CPU per replica in cores.</param>
/// <param name="Acceleration">a_s.</param>
/// <param name="Alpha">α_s: a service carries α·r + β requests per second.</param>
/// <param name="Beta">β_s.</param>
/// <param name="Capacity">C: the cluster's CPU as V3 saw it.</param>
/// <param name="ClusterAcceleration">A.</param>
/// <param name="MaximumReplicas">R_s: only a normaliser in V3 (its upper bound was dropped after V1).</param>
internal sealed record OriginalScalingInput(
    IReadOnlyList<string> Names,
    IReadOnlyList<double> Rates,
    IReadOnlyList<int> Previous,
    IReadOnlyList<double> CpuLimits,
    IReadOnlyList<bool> Acceleration,
    IReadOnlyList<double> Alpha,
    IReadOnlyList<double> Beta,
    double Capacity,
    bool ClusterAcceleration,
    IReadOnlyList<int> MaximumReplicas)
{
    /// <summary>
    /// The original's inputs from Smo's problem. The measured rate only: V3 had no prediction, so
    /// <see cref="ScaledService.PredictedRate"/> is ignored; so are the minimum (V3 asked r ≥ 1 only, no headroom),
    /// the graph's weights (V3's were constants) and <see cref="ScalingProblem.ServeOverload"/> (V3 answered None).
    /// <para>
    /// Defect kept: C is Karmada's remaining CPU, which counts the graph's own replicas as used (V3 passed the
    /// cluster table's <c>available_cpu</c>, synced at start-up and at every <c>GET /clusters/</c>). Smo's tick gives
    /// the CPU these services hold back, so it is taken away again: C = capacity − Σ p·c, and keeping the replicas
    /// that run now needs their CPU twice.
    /// </para>
    /// </summary>
    public static OriginalScalingInput Of(ScalingProblem problem)
    {
        var services = problem.Services;
        var own = services.Sum(s => s.CurrentReplicas * s.CpuPerReplica);
        return new OriginalScalingInput(
            [.. services.Select(s => s.Name)],
            [.. services.Select(s => s.RequestRate)],
            [.. services.Select(s => s.CurrentReplicas)],
            [.. services.Select(s => s.CpuPerReplica)],
            [.. services.Select(s => s.NeedsAcceleration)],
            [.. services.Select(s => s.Alpha)],
            [.. services.Select(s => s.Beta)],
            Math.Max(0, problem.CpuCapacity - own),
            problem.HasAcceleration,
            [.. services.Select(s => s.MaxReplicas)]);
    }
}
