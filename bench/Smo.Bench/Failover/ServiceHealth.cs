using Smo.Bench.Stack;

namespace Smo.Bench.Failover;

/// <summary>
/// One service as the simulated federation runs it, against what Smo asks of it: its release and Deployment, its
/// ready replicas on Ready clusters, its pods (pending ones too) and where they are.
/// </summary>
/// <param name="Asked">The replicas Smo's record of the graph asks for.</param>
/// <param name="Desired">The Deployment's <c>spec.replicas</c> (0 without a Deployment).</param>
/// <param name="OutsidePlacement">Pods on a cluster that is not the service's in Smo's placement, for a service its chart's
/// cluster places (a divided one, placed by a PropagationPolicy, is judged by its pod count alone).</param>
internal sealed record ServiceHealth(
    string Service, bool Released, bool Deployed, int Asked, int Desired, int ReadyOnHealthy, int Pods, int PendingPods,
    int PodsOnUnready, bool OutsidePlacement)
{
    /// <summary>Every replica Smo asks for is ready on a Ready cluster (at least one).</summary>
    public bool Recovered => Deployed && ReadyOnHealthy >= Math.Max(1, Asked);

    /// <summary>Recovered, with nothing starting, nothing left on a NotReady cluster, and exactly what Smo asks for.</summary>
    public bool Settled => Released && Recovered && PendingPods == 0 && PodsOnUnready == 0 && Pods == Asked && Desired == Asked;

    /// <summary>No release, no Deployment, or no replica ready on a Ready cluster: nothing serves it.</summary>
    public bool Lost => !Released || !Deployed || ReadyOnHealthy == 0;

    /// <summary>More pods than Smo asks for, or pods where its placement does not put them.</summary>
    public bool Doubled => Pods > Asked || OutsidePlacement;

    /// <summary>Judges each service of <paramref name="graph"/> on the simulator's <paramref name="state"/> against Smo's <paramref name="summary"/>.</summary>
    public static IReadOnlyList<ServiceHealth> Of(FailoverGraph graph, SimulatorState state, GraphSummary summary)
    {
        var ready = state.Clusters.Where(c => c.Ready).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return [.. graph.Services.Select(service =>
        {
            var released = state.Releases.Any(r => r.Namespace == graph.Namespace && r.Name == graph.Release(service));
            var asked = summary.Replicas.GetValueOrDefault(service);
            if (state.Deployments.FirstOrDefault(d => d.Namespace == graph.Namespace && d.Name == service) is not { } deployment)
            {
                return new ServiceHealth(service, released, false, asked, 0, 0, 0, 0, 0, false);
            }

            var home = summary.Placement.GetValueOrDefault(service);
            return new ServiceHealth(
                service, released, true, asked, deployment.DesiredReplicas,
                deployment.Clusters.Where(s => ready.Contains(s.Cluster)).Sum(s => s.ReadyReplicas),
                deployment.Pods,
                deployment.PendingPods,
                deployment.Clusters.Where(s => !ready.Contains(s.Cluster)).Sum(s => s.Pods),
                deployment.Policy is null && deployment.Clusters.Any(s => s.Pods > 0 && s.Cluster != home));
        })];
    }

    /// <summary>The ready replicas of <paramref name="graph"/> on each cluster: where it runs.</summary>
    public static IReadOnlyDictionary<string, int> ReadyByCluster(FailoverGraph graph, SimulatorState state) =>
        state.Deployments
            .Where(d => d.Namespace == graph.Namespace && graph.Services.Contains(d.Name))
            .SelectMany(d => d.Clusters)
            .GroupBy(s => s.Cluster, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ReadyReplicas), StringComparer.Ordinal);
}
