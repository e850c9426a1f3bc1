namespace Smo.Simulator.Control;

/// <summary>The twin's state as GET /sim/state returns it.</summary>
public sealed record SimulationSnapshot(
    string Scenario,
    double ElapsedSeconds,
    DateTimeOffset Now,
    bool ManualClock,
    double PodStartDelaySeconds,
    IReadOnlyList<ClusterSnapshot> Clusters,
    IReadOnlyList<DeploymentSnapshot> Deployments,
    IReadOnlyList<ServiceSnapshot> Services,
    IReadOnlyList<ReleaseSnapshot> Releases,
    IReadOnlyList<FaultSnapshot> Faults);

public sealed record ClusterSnapshot(
    string Name,
    string Region,
    string Zone,
    bool Ready,
    string? NotReadyReason,
    double CpuCores,
    double AllocatedCpuCores,
    int Gpus,
    double Utilisation,
    double PowerWatts,
    double EnergyJoules,
    double CarbonIntensity,
    double CarbonGrams);

/// <param name="Cluster">The cluster that runs all its replicas, when one does (null when divided or not scheduled).</param>
/// <param name="Policy">The PropagationPolicy that places it; null when its placement annotation (the chart) does, or nothing.</param>
/// <param name="Clusters">Its share on each member cluster.</param>
public sealed record DeploymentSnapshot(
    string Namespace,
    string Name,
    string? Cluster,
    int DesiredReplicas,
    int Pods,
    int PendingPods,
    int ReadyReplicas,
    double CpuLimitPerPod,
    string? Policy,
    IReadOnlyList<DeploymentShareSnapshot> Clusters);

public sealed record DeploymentShareSnapshot(string Cluster, int Replicas, int Pods, int PendingPods, int ReadyReplicas);

public sealed record ServiceSnapshot(
    string Service,
    double Offered,
    double Served,
    double Capacity,
    int ReadyReplicas,
    double OfferedRequests,
    double ServedRequests,
    double RejectedRequests,
    double? LoadOverride);

public sealed record ReleaseSnapshot(string Name, string Namespace, string Chart, int Revision, string Status, string? Cluster);

public sealed record FaultSnapshot(
    int Id,
    string Type,
    int Status,
    double Rate,
    int? Count,
    int Hits,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Methods,
    double StartsAtSeconds,
    double? EndsAtSeconds,
    double DelaySeconds,
    string? Cluster,
    string Reason,
    bool Active);
