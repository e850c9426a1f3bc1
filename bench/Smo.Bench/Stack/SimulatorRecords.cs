namespace Smo.Bench.Stack;

/// <summary>One write through a Deployment's scale subresource, stamped by the simulator (GET /sim/scale-writes).</summary>
internal sealed record ScaleWrite(string Namespace, string Deployment, long PreviousReplicas, long Replicas, DateTimeOffset At);

/// <summary>
/// The part of GET /sim/state the suites read; <see cref="Now"/> is on the clock scale writes are stamped with, and
/// <see cref="ElapsedSeconds"/> on the clock faults start on.
/// </summary>
internal sealed record SimulatorState(
    DateTimeOffset Now,
    double ElapsedSeconds,
    double PodStartDelaySeconds,
    IReadOnlyList<DeploymentState> Deployments,
    IReadOnlyList<ClusterState> Clusters,
    IReadOnlyList<ReleaseState> Releases,
    IReadOnlyList<ServiceState> Services)
{
    /// <summary>The wall-clock time of simulated time zero: a fault's start on the clock the host's records use.</summary>
    public DateTimeOffset StartedAt => Now - TimeSpan.FromSeconds(ElapsedSeconds);
}

/// <param name="Policy">The PropagationPolicy that places it (Smo divides a service with one); null when its chart's cluster does.</param>
/// <param name="Clusters">Its share on each member cluster.</param>
internal sealed record DeploymentState(
    string Namespace, string Name, int DesiredReplicas, int ReadyReplicas, int Pods, int PendingPods, string? Policy,
    IReadOnlyList<DeploymentShare> Clusters);

internal sealed record DeploymentShare(string Cluster, int Pods, int ReadyReplicas);

internal sealed record ClusterState(string Name, bool Ready);

internal sealed record ReleaseState(string Name, string Namespace);

/// <summary>A service's request counters since the start: every request offered (a Deployment there or not) and those served.</summary>
internal sealed record ServiceState(string Service, double OfferedRequests, double ServedRequests);

/// <summary>A fault as POST /sim/faults answers it; <see cref="StartsAtSeconds"/> is simulated time since the start.</summary>
internal sealed record FaultState(int Id, double StartsAtSeconds);

/// <summary>The answer of PUT /sim/load/{service}: when the new load took effect.</summary>
internal sealed record LoadSet(string Service, double Rate, DateTimeOffset At);
