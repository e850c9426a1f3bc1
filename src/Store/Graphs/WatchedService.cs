namespace Smo.Store.Graphs;

/// <summary>
/// A service the scaling loop decides for — installed on a cluster, in a running graph — with only what a watch of
/// its load needs, so a fleet of thousands of services is read often without its descriptors and Helm values.
/// </summary>
/// <param name="Project">The graph's project: the namespace its services run and report metrics in.</param>
/// <param name="Scaling">The service's own scaling model; null takes the host's defaults.</param>
/// <param name="ScalingStrategy">The graph's scaling strategy; null takes the host's default.</param>
public sealed record WatchedService(string Graph, string Project, string Name, int DesiredReplicas, ScalingParameters? Scaling, string? ScalingStrategy = null);
