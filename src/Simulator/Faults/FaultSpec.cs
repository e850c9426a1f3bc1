using Smo.Simulator.Federation;

namespace Smo.Simulator.Faults;

public enum FaultType
{
    /// <summary>Matching API requests fail with <see cref="FaultSpec.Status"/> and a Status body.</summary>
    ApiError,

    /// <summary>Matching API requests are answered <see cref="FaultSpec.Delay"/> later.</summary>
    Latency,

    /// <summary>Matching API requests never get an answer (until the client gives up).</summary>
    Hang,

    /// <summary>The cluster reports Ready=False and its pods stop serving.</summary>
    ClusterNotReady,

    /// <summary>
    /// Karmada stops hearing from the cluster: its cluster controller sets Ready=Unknown (the rest of the status stays as
    /// last posted) and its pods stop serving.
    /// </summary>
    ClusterUnreachable,

    /// <summary>A taint on the Cluster object (<c>spec.taints</c>), as an operator or a ClusterTaintPolicy puts one.</summary>
    ClusterTaint,

    /// <summary>
    /// Another writer changes the object a matching PUT or PATCH addresses just before the request is served, so a
    /// precondition on the resourceVersion the client read fails with 409 Conflict.
    /// </summary>
    ConcurrentWrite,
}

/// <summary>One fault: what it does, which requests or cluster it hits, when, and how often.</summary>
/// <param name="Rate">Probability that a matching request is hit.</param>
/// <param name="Count">At most this many requests are hit; null = no limit.</param>
/// <param name="Paths">Request path prefixes the fault applies to.</param>
/// <param name="Methods">HTTP methods the fault applies to; empty = all.</param>
/// <param name="At">Start, in simulated time since the scenario started (or since the fault was posted).</param>
/// <param name="Duration">How long the fault lasts; null = until removed.</param>
/// <param name="Reason">The Ready condition's reason a fault that takes a cluster down reports.</param>
/// <param name="Taint">The taint of a clusterTaint fault; it is added when the fault starts (<see cref="FaultBoard.Taints"/>).</param>
public sealed record FaultSpec(
    FaultType Type,
    int Status,
    double Rate,
    int? Count,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Methods,
    TimeSpan At,
    TimeSpan? Duration,
    TimeSpan Delay,
    string? Cluster,
    string Reason,
    ClusterTaint? Taint = null)
{
    /// <summary>The Kubernetes API and the helm stand-in's endpoint: what Smo reaches through client libraries.</summary>
    public static readonly IReadOnlyList<string> DefaultPaths = ["/api", "/version", "/sim/helm"];

    /// <summary>The only requests a concurrentWrite fault can precede: the writes that carry a resourceVersion precondition.</summary>
    public static readonly IReadOnlyList<string> WriteMethods = ["PUT", "PATCH"];

    public const string NotReachable = "ClusterNotReachable";
    public const string NotReady = "ClusterNotReady";

    /// <summary>The reason Karmada's cluster controller gives a Ready=Unknown it sets when the status stops coming.</summary>
    public const string StatusUnknown = "ClusterStatusUnknown";

    /// <summary>The faults that take a member cluster down (its pods stop serving).</summary>
    public bool TakesClusterDown => Type is FaultType.ClusterNotReady or FaultType.ClusterUnreachable;

    /// <summary>The faults that act on a cluster, not on API requests.</summary>
    public bool ActsOnCluster => TakesClusterDown || Type == FaultType.ClusterTaint;
}
