using Smo.Adapters.Karmada;
using Smo.Store.Clusters;

namespace Smo.Functions.Scaling;

/// <summary>How far a division's rollout went: the replicas per cluster written, and whether they are the target yet.</summary>
public sealed record DivisionStep(IReadOnlyDictionary<string, int> Written, bool Complete);

/// <summary>
/// Brings a divided service's replicas per cluster to a target, make-before-break: while a share the target grows
/// is not ready, every cluster keeps what Karmada schedules on it now (the new shares start beside the old), and
/// only once they are ready does the target itself — the other shares shrinking — get written. Level-triggered:
/// each call looks at Karmada's bindings afresh, so a tick or an install repeating it finishes what the last began.
/// The total moves so no cluster ever shrinks on the way: grown before the weights when it grows, after when it
/// shrinks (Karmada divides the total it has by the weights it has). A share on a cluster that is down serves
/// nothing, so it is not kept: a failover's new share is the target at once, not at the next tick.
/// </summary>
/// <param name="clusters">The inventory, to know which clusters are down; without it every share counts as serving.</param>
public sealed class DivisionRollout(
    IKarmadaPropagationPolicies policies, IKarmadaResourceBindings bindings, IKarmadaDeployments deployments, ClusterStore? clusters = null)
{
    /// <summary>
    /// Writes the next step towards <paramref name="target"/> (replicas per cluster); nothing when Karmada already
    /// schedules that step.
    /// </summary>
    /// <param name="now">The service's replicas per cluster as just read from its binding (a tick has read them all); null: read here.</param>
    public async Task<DivisionStep> ApplyAsync(
        string @namespace, string service, IReadOnlyDictionary<string, int> target, CancellationToken cancellationToken, IReadOnlyList<ClusterReplicas>? now = null)
    {
        now ??= await bindings.GetClusterReplicasAsync(@namespace, service, cancellationToken);
        var step = Step(now, target, await DownAsync(now, cancellationToken));
        if (SameShares(step, now.ToDictionary(c => c.Cluster, c => c.Scheduled, StringComparer.Ordinal)))
        {
            return new DivisionStep(step, SameShares(step, target));
        }

        var total = step.Values.Sum();
        var growing = total >= now.Sum(c => c.Scheduled);
        if (growing)
        {
            await deployments.ScaleAsync(@namespace, service, total, cancellationToken);
        }

        await policies.ApplyDivisionAsync(@namespace, service, step, cancellationToken);
        if (!growing)
        {
            await deployments.ScaleAsync(@namespace, service, total, cancellationToken);
        }

        return new DivisionStep(step, SameShares(step, target));
    }

    /// <summary>
    /// Gives a service that is no longer divided back to its chart's placement (its home cluster). Not
    /// make-before-break: Karmada reschedules the whole Deployment to the chart's cluster.
    /// </summary>
    public Task<bool> UndivideAsync(string @namespace, string service, CancellationToken cancellationToken) =>
        policies.RemoveDivisionAsync(@namespace, service, cancellationToken);

    /// <summary>The clusters of <paramref name="now"/> that are gone or not ready (one store read, only when some are divided onto).</summary>
    private async Task<IReadOnlySet<string>> DownAsync(IReadOnlyList<ClusterReplicas> now, CancellationToken cancellationToken)
    {
        if (clusters is null || now.Count == 0)
        {
            return new HashSet<string>();
        }

        var available = (await clusters.ListAsync(cancellationToken: cancellationToken)).Where(c => c.Available).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return now.Select(c => c.Cluster).Where(cluster => !available.Contains(cluster)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The shares to write now: the target when every share it grows is ready; else, per cluster, the larger of what
    /// is scheduled there and the target (nothing shrinks until the new shares run) — except on the clusters that are
    /// <paramref name="down"/>, whose replicas serve nothing and are not kept.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Step(
        IReadOnlyList<ClusterReplicas> now, IReadOnlyDictionary<string, int> target, IReadOnlySet<string>? down = null)
    {
        var ready = now.ToDictionary(c => c.Cluster, c => c.Ready, StringComparer.Ordinal);
        if (target.All(share => ready.GetValueOrDefault(share.Key) >= share.Value))
        {
            return target;
        }

        var step = new Dictionary<string, int>(target, StringComparer.Ordinal);
        foreach (var cluster in now.Where(c => c.Scheduled > 0 && down?.Contains(c.Cluster) != true))
        {
            step[cluster.Cluster] = Math.Max(cluster.Scheduled, target.GetValueOrDefault(cluster.Cluster));
        }

        return step;
    }

    /// <summary>Whether two divisions give every cluster the same replicas (a cluster with none, or no division, counts as none).</summary>
    public static bool SameShares(IReadOnlyDictionary<string, int>? first, IReadOnlyDictionary<string, int>? second)
    {
        var one = first?.Where(p => p.Value > 0).ToList() ?? [];
        var other = second?.Where(p => p.Value > 0).ToList() ?? [];
        return one.Count == other.Count && one.All(p => second!.GetValueOrDefault(p.Key) == p.Value);
    }
}
