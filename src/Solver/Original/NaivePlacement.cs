namespace Smo.Solver.Original;

/// <summary>
/// V3's <c>calculate_naive_placement</c>, its first deployment: two pre-checks, then each service in order on the
/// first cluster in order that offers the acceleration it needs and still has room for its CPU.
/// </summary>
internal static class NaivePlacement
{
    public const string SingleServiceCannotFit =
        "A single service cannot fit into any cluster. Increase cluster capacity or reduce service requirements.";

    public const string InsufficientTotalCapacity = "Insufficient total capacity to fit all services across the clusters.";

    /// <summary>The cluster index of each service, or null and V3's message (its ValueError).</summary>
    public static (int[]? ClusterOf, string Message) Place(OriginalPlacementInput input)
    {
        var required = input.RequiredMilliCores();
        var capacity = input.CapacityMilliCores();
        // V3 took max() of the requirements, then min() of the capacities: Python's messages for empty lists.
        if (required.Length == 0)
        {
            return (null, "max() arg is an empty sequence (no services to place).");
        }

        if (capacity.Length == 0)
        {
            return (null, "min() arg is an empty sequence (no available cluster).");
        }

        // Defect kept: the largest requirement against the SMALLEST cluster, so a service that fits a larger cluster is refused.
        if (required.Max() > capacity.Min())
        {
            return (null, SingleServiceCannotFit);
        }

        if (required.Sum() > capacity.Sum())
        {
            return (null, InsufficientTotalCapacity);
        }

        var used = new long[capacity.Length];
        var clusterOf = new int[required.Length];
        for (var s = 0; s < required.Length; s++)
        {
            var e = FirstFit(input, s, required[s], used, capacity);
            if (e < 0)
            {
                return (null, $"Service {s} with requirement {CpSat.Format(input.CpuLimit[s] * input.Replicas[s])} could not be placed in any cluster.");
            }

            clusterOf[s] = e;
            used[e] += required[s];
        }

        return (clusterOf, "");
    }

    private static int FirstFit(OriginalPlacementInput input, int s, long required, long[] used, long[] capacity)
    {
        for (var e = 0; e < capacity.Length; e++)
        {
            // a_s ≤ A_e: every service is checked here, the first one included.
            if ((!input.Acceleration[s] || input.ClusterAcceleration[e]) && used[e] + required <= capacity[e])
            {
                return e;
            }
        }

        return -1;
    }
}
