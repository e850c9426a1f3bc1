using Smo.Solver.Model;

namespace Smo.Solver.Original;

/// <summary>
/// V3's placement inputs, in its own terms: lists in service order and in the order of the available clusters.
/// </summary>
/// <param name="Clusters">The clusters V3 queried (<c>availability=True</c>), in the order given.</param>
/// <param name="Capacity">cap_e: CPU in cores.</param>
/// <param name="ClusterAcceleration">A_e.</param>
/// <param name="CpuLimit">c_s: CPU per replica in cores.</param>
/// <param name="Acceleration">a_s: the service needs acceleration.</param>
/// <param name="Replicas">r_s.</param>
/// <param name="Current">y: the index of the cluster each service runs on now, or null (not deployed, or on a cluster not in the list).</param>
internal sealed record OriginalPlacementInput(
    IReadOnlyList<string> Clusters,
    IReadOnlyList<double> Capacity,
    IReadOnlyList<bool> ClusterAcceleration,
    IReadOnlyList<double> CpuLimit,
    IReadOnlyList<bool> Acceleration,
    IReadOnlyList<int> Replicas,
    IReadOnlyList<int?> Current)
{
    /// <summary>Whether V3 would call it a first deployment: no service runs anywhere yet.</summary>
    public static bool IsFirstDeployment(PlacementProblem problem) => problem.Services.All(s => s.CurrentCluster is null);

    /// <summary>
    /// The original's inputs from Smo's problem: only available clusters, in the order given; cap = the cluster's
    /// CPU; A = its acceleration; c = CPU per replica; a = the service's acceleration; r = 1 at a first deployment,
    /// else its replicas. What the original never read is dropped here: memory, pins, forbidden clusters,
    /// communication edges, energy, min/max replicas, spreading.
    /// <para>
    /// Defect kept: at a re-placement cap is Karmada's remaining CPU, which counts the graph's own replicas as used
    /// (V3 read the cluster table, synced from Karmada at start-up and at every <c>GET /clusters/</c>); Smo's problem
    /// gives the graph's own CPU back, so it is taken away again — each service's replicas on its current cluster — and
    /// a service that stays is counted twice.
    /// </para>
    /// </summary>
    public static OriginalPlacementInput Of(PlacementProblem problem)
    {
        var clusters = problem.Clusters.Where(c => c.Available).ToList();
        var position = clusters.Select((c, e) => (c.Name, e)).ToDictionary(p => p.Name, p => p.e, StringComparer.Ordinal);
        var firstDeployment = IsFirstDeployment(problem);
        var replicas = problem.Services.Select(s => firstDeployment ? OriginalConstants.ReplicasAtDeploy : s.Replicas).ToList();
        var ownCpu = new double[clusters.Count];
        var current = new List<int?>();
        for (var s = 0; s < problem.Services.Count; s++)
        {
            var service = problem.Services[s];
            int? e = service.CurrentCluster is { } name && position.TryGetValue(name, out var at) ? at : null;
            current.Add(e);
            if (e is { } on)
            {
                ownCpu[on] += service.CpuPerReplica * replicas[s];
            }
        }

        return new OriginalPlacementInput(
            [.. clusters.Select(c => c.Name)],
            [.. clusters.Select((c, e) => Math.Max(0, c.Cpu - ownCpu[e]))],
            [.. clusters.Select(c => c.HasAcceleration)],
            [.. problem.Services.Select(s => s.CpuPerReplica)],
            [.. problem.Services.Select(s => s.NeedsAcceleration)],
            replicas,
            current);
    }

    /// <summary>CPU per service (r·c) in milli-cores, rounded up as a demand.</summary>
    public long[] RequiredMilliCores() =>
        [.. CpuLimit.Select((c, s) => CpSat.Demand(c * Replicas[s], OriginalConstants.MilliCores))];

    /// <summary>Each cluster's capacity in milli-cores, rounded down as a capacity.</summary>
    public long[] CapacityMilliCores() => [.. Capacity.Select(c => CpSat.Capacity(c, OriginalConstants.MilliCores))];
}
