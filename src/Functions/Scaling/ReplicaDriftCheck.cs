using Smo.Adapters.Karmada;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Scaling;

/// <summary>
/// Replicas changed outside Smo (<c>kubectl scale</c>, another autoscaler): a Deployment whose <c>spec.replicas</c> in
/// Karmada is not what Smo last decided for its service. Found from the list a tick reads anyway, so it costs no
/// request. The tick decides such a service from Karmada's count like any other; one it could not decide (no rate
/// data, or its cluster infeasible) keeps Karmada's count, which is then stored as decided, so each drift is
/// reported once.
/// </summary>
public static class ReplicaDriftCheck
{
    /// <param name="services">The services the tick decided for, as read at its start.</param>
    /// <param name="found">The replicas of the namespace's Deployments, as the tick read them.</param>
    /// <param name="decided">The replicas the tick decided, by service.</param>
    public static async Task<IReadOnlyList<ReplicaDrift>> FindAsync(
        GraphStore graphs, GraphRecord graph, IReadOnlyList<ServiceRecord> services,
        IReadOnlyDictionary<string, DeploymentReplicas> found, IReadOnlyDictionary<string, int> decided)
    {
        // A divided service's Deployment holds the total of the rollout's current step, not always the decided one.
        var drift = services
            .Where(s => s.Division is null && found.TryGetValue(s.Name, out var deployment) && deployment.Desired != s.DesiredReplicas)
            .Select(s => new ReplicaDrift(s.Name, s.DesiredReplicas, found[s.Name].Desired, decided.GetValueOrDefault(s.Name, found[s.Name].Desired)))
            .ToList();
        var kept = drift.Where(d => !decided.ContainsKey(d.Service)).ToList();
        if (kept.Count > 0)
        {
            // Guarded by the versions read, as the decisions are: a newer writer of the row wins.
            var versions = services.ToDictionary(s => s.Name, s => s.Version, StringComparer.Ordinal);
            await graphs.SetDesiredReplicasAsync(graph.Name, kept.ToDictionary(d => d.Service, d => d.Found, StringComparer.Ordinal),
                kept.ToDictionary(d => d.Service, d => versions[d.Service], StringComparer.Ordinal), CancellationToken.None);
        }

        return drift;
    }
}
