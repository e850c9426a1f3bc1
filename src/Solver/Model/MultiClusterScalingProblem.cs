namespace Smo.Solver.Model;

/// <summary>
/// Replicas to decide for services whose replicas Karmada divides across several clusters (static weights): how
/// many in total, and how many on each cluster.
/// </summary>
public sealed record MultiClusterScalingProblem(IReadOnlyList<SplitService> Services, IReadOnlyList<ScalingCluster> Clusters)
{
    public ScalingWeights Weights { get; init; } = ScalingWeights.Default;

    /// <summary>
    /// What to answer when carrying a load needs more replicas than a service's maximum or the clusters' CPU allow:
    /// false — Infeasible, the pure model; true — as a control plane must, serve as much of the load as they allow
    /// (most requests served first), and list the shortfall in <see cref="ScalingResult.Overloads"/>. Either way
    /// a minimum that does not fit, or acceleration no cluster offers, is Infeasible.
    /// </summary>
    public bool ServeOverload { get; init; }
}

/// <summary>A cluster as multi-cluster scaling sees it: the CPU free for these services, and acceleration.</summary>
public sealed record ScalingCluster(string Name, double CpuCapacity, bool HasAcceleration = false)
{
    /// <summary>
    /// kgCO2 one core held there emits per hour (its power per core × the grid's expected intensity); 0 when not
    /// known. Weighed by <see cref="ScalingWeights.Carbon"/> relative to the dirtiest cluster of the problem.
    /// </summary>
    public double CarbonKgPerCoreHour { get; init; }
}

/// <summary>A service to scale across clusters: its load model, and its replicas now on each cluster.</summary>
/// <param name="Service">Load, capacity model and bounds; its <c>CurrentReplicas</c> is ignored in favour of <paramref name="CurrentByCluster"/>.</param>
/// <param name="CurrentByCluster">Replicas running now, per cluster name.</param>
public sealed record SplitService(ScaledService Service, IReadOnlyDictionary<string, int> CurrentByCluster)
{
    /// <summary>Clusters the replicas may be divided across; empty means every cluster of the problem.</summary>
    public IReadOnlyList<string> AllowedClusters { get; init; } = [];

    /// <summary>The fewest clusters that must run at least one replica each (spreading for availability).</summary>
    public int MinClusters { get; init; } = 1;
}
