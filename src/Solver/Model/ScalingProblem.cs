namespace Smo.Solver.Model;

/// <summary>Replicas to decide for the services of one cluster, from their load and capacity models.</summary>
public sealed record ScalingProblem(IReadOnlyList<ScaledService> Services, double CpuCapacity, bool HasAcceleration = false)
{
    public ScalingWeights Weights { get; init; } = ScalingWeights.Default;

    /// <inheritdoc cref="MultiClusterScalingProblem.ServeOverload"/>
    public bool ServeOverload { get; init; }
}

/// <summary>A service to scale: its load now (and optionally predicted), replicas now, and what one replica can carry.</summary>
/// <param name="Name">Unique service name.</param>
/// <param name="CpuPerReplica">CPU per replica in cores.</param>
/// <param name="RequestRate">Requests per second now.</param>
/// <param name="CurrentReplicas">Replicas running now.</param>
/// <param name="Alpha">Capacity model slope: the service carries Alpha × replicas + Beta requests per second.</param>
/// <param name="Beta">Capacity model intercept.</param>
public sealed record ScaledService(string Name, double CpuPerReplica, double RequestRate, int CurrentReplicas, double Alpha, double Beta)
{
    public int MinReplicas { get; init; } = 1;

    public int MaxReplicas { get; init; } = int.MaxValue;

    public bool NeedsAcceleration { get; init; }

    /// <summary>A forecast of the rate for the coming interval; replicas must carry the larger of now and forecast.</summary>
    public double? PredictedRate { get; init; }

    /// <summary>The method that made <see cref="PredictedRate"/>'s forecast, for the explanation; null when there is none.</summary>
    public string? ForecastMethod { get; init; }

    public double RateToCarry => Math.Max(RequestRate, PredictedRate ?? 0);

    /// <summary>The fewest replicas that carry <see cref="RateToCarry"/> (α·r + β ≥ rate), whatever the bounds; <see cref="int.MaxValue"/> when none does.</summary>
    public int ReplicasForLoad()
    {
        var missing = RateToCarry - Beta;
        if (missing <= 0)
        {
            return 0;
        }

        return Alpha > 0 ? (int)Math.Min(int.MaxValue, Math.Ceiling(missing / Alpha)) : int.MaxValue;
    }
}

/// <summary>
/// Weights of the scaling objective: CPU held (w_util) against replica changes (w_trans), 0.4/0.4 as in the
/// original; and, across clusters, the carbon of the CPU held (w_carbon, 0 unless the graph's placement is energy-aware).
/// </summary>
public sealed record ScalingWeights(double Utilisation = 0.4, double Transition = 0.4, double Carbon = 0)
{
    public static ScalingWeights Default { get; } = new();
}

/// <summary>A scaling decision: replicas per service, the objective by term, and why.</summary>
public sealed record ScalingResult(
    SolveStatus Status,
    IReadOnlyDictionary<string, int> Replicas,
    IReadOnlyDictionary<string, double> Objective,
    TimeSpan SolveTime,
    string Reason)
{
    /// <summary>
    /// Services whose load needs more replicas than were granted (only when the problem asks to serve overload):
    /// what they need, what they got, and the limit that binds.
    /// </summary>
    public IReadOnlyList<ServiceOverload> Overloads { get; init; } = [];

    /// <summary>Replicas per service per cluster, for multi-cluster decisions; clusters with none are left out.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ReplicasByCluster { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>
    /// Karmada static weights for a service (cluster → weight): its replicas per cluster, so Karmada divides the total
    /// exactly as decided. Clusters without replicas are omitted, since Karmada weights must be at least 1.
    /// </summary>
    public IReadOnlyDictionary<string, int> StaticWeights(string service) =>
        ReplicasByCluster.TryGetValue(service, out var byCluster)
            ? byCluster.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, int>();

    public static ScalingResult Failed(SolveStatus status, string reason, TimeSpan solveTime) =>
        new(status, new Dictionary<string, int>(), new Dictionary<string, double>(), solveTime, reason);
}

/// <summary>A service granted fewer replicas than its load needs.</summary>
/// <param name="NeededReplicas">Replicas that carry the load (α·r + β ≥ rate); null when no count ever does (α = 0).</param>
/// <param name="GrantedReplicas">Replicas decided: the most the bounds and the clusters' CPU allow it.</param>
/// <param name="Limit">What binds: <see cref="MaxReplicasLimit"/> or <see cref="CpuLimit"/>.</param>
public sealed record ServiceOverload(string Service, int? NeededReplicas, int GrantedReplicas, string Limit)
{
    public const string MaxReplicasLimit = "maxReplicas";
    public const string CpuLimit = "cpu";
}
