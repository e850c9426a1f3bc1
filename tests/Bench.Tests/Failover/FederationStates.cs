using Smo.Bench.Failover;
using Smo.Bench.Stack;

namespace Smo.Bench.Tests.Failover;

/// <summary>Simulator readings and graphs for the failover suite's judgements, built small.</summary>
internal static class FederationStates
{
    public static readonly FailoverGraph Graph = new("plain", "failover-plain", "failover-plain", ["api", "web"]);

    public static SimulatorState State(
        IEnumerable<DeploymentState>? deployments = null, IEnumerable<string>? notReady = null, IEnumerable<ServiceState>? services = null,
        IEnumerable<string>? releasedServices = null)
    {
        var down = (notReady ?? []).ToHashSet(StringComparer.Ordinal);
        var released = releasedServices ?? Graph.Services;
        return new SimulatorState(
            DateTimeOffset.UnixEpoch.AddSeconds(100), 100, 3,
            [.. deployments ?? []],
            [.. new[] { "m1", "m2", "m3" }.Select(c => new ClusterState(c, !down.Contains(c)))],
            [.. released.Select(s => new ReleaseState(Graph.Release(s), Graph.Namespace))],
            [.. services ?? []]);
    }

    /// <summary>A Deployment of the graph with <paramref name="shares"/> as (cluster, pods, ready), none pending.</summary>
    public static DeploymentState Deployment(string service, int desired, string? policy, params (string Cluster, int Pods, int Ready)[] shares) =>
        new(Graph.Namespace, service, desired, shares.Sum(s => s.Ready), shares.Sum(s => s.Pods), 0, policy,
            [.. shares.Select(s => new DeploymentShare(s.Cluster, s.Pods, s.Ready))]);

    /// <summary>Smo's word: Running, each service on <paramref name="home"/> with <paramref name="replicas"/> replicas.</summary>
    public static GraphSummary Asked(string home, int replicas = 2, string status = "Running") =>
        new(status, Graph.Services.ToDictionary(s => s, _ => home), Graph.Services.ToDictionary(s => s, _ => replicas));
}
