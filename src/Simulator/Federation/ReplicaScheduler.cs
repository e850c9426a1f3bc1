using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Federation;

/// <summary>
/// Karmada's scheduler for one binding, as far as the twin models it (<c>pkg/scheduler</c>): filter the clusters
/// (an untolerated NoSchedule taint — a cluster that is not Ready —, the cluster affinity; a cluster the binding
/// already targets keeps passing the taint filter), then assign replicas: Duplicated gives every candidate all of
/// them; Divided/Weighted divides them by the static weights (a cluster's weight is the highest of the entries whose
/// target matches it; candidates no entry matches get none; when none matches any, or without a weight preference,
/// every candidate weighs 1), by <see cref="WebsterApportionment"/>. Clusters left with 0 replicas are dropped.
/// Aggregated and dynamic-weight division, spread constraints, cluster affinity terms and workload affinity are not
/// modelled: such a placement fails with SchedulerError and says so.
/// </summary>
public static class ReplicaScheduler
{
    public static SchedulingResult Schedule(IEnumerable<ClusterRuntime> clusters, JsonObject placement, int replicas,
        IReadOnlyCollection<string> targeted, string? uid)
    {
        var scheduling = placement.ObjectAt("replicaScheduling");
        var duplicated = scheduling is null || scheduling.StringAt("replicaSchedulingType") == "Duplicated";
        var staticWeights = !duplicated && scheduling!.StringAt("replicaDivisionPreference") == "Weighted"
            && string.IsNullOrEmpty(scheduling.StringAt("weightPreference", "dynamicWeight"));
        if (Unmodelled(placement, duplicated, staticWeights) is { } feature)
        {
            return SchedulingResult.Failure("SchedulerError", $"the simulator does not model {feature}");
        }
        var all = clusters.ToList();
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<ClusterRuntime>();
        foreach (var cluster in all)
        {
            if (Filter(cluster, placement, targeted) is { } reason)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
            else
            {
                candidates.Add(cluster);
            }
        }
        if (candidates.Count == 0)
        {
            var why = all.Count == 0 ? "no cluster exists" : string.Join(", ", reasons.Select(r => $"{r.Value} {r.Key}").Order(StringComparer.Ordinal));
            return SchedulingResult.Failure("NoClusterFit", $"0/{all.Count} clusters are available: {why}.");
        }
        IReadOnlyList<(string Cluster, int Replicas)> assigned = duplicated
            ? [.. candidates.Select(c => (c.Name, replicas))]
            : WebsterApportionment.Divide(replicas, Weights(candidates, scheduling!.ArrayAt("weightPreference", "staticWeightList")), uid);
        return SchedulingResult.Success([.. assigned.Where(a => a.Replicas > 0).OrderBy(a => a.Cluster, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Why the filter plugins drop <paramref name="cluster"/>; null when it passes. Karmada builds its plugin list from a
    /// Go map, so a cluster failing both may show either reason there; here the taint's comes first.
    /// </summary>
    private static string? Filter(ClusterRuntime cluster, JsonObject placement, IReadOnlyCollection<string> targeted)
    {
        // Karmada's TaintToleration filter: NoSchedule and NoExecute taints keep new work off, not what is there already.
        if (!targeted.Contains(cluster.Name)
            && ClusterReporter.Taints(cluster).FirstOrDefault(t => !Tolerated(t, placement.ArrayAt("clusterTolerations"))) is { } taint)
        {
            return $"cluster(s) had untolerated taint {{{taint}}}";
        }
        return ClusterAffinityMatch.Matches(placement.ObjectAt("clusterAffinity"), cluster)
            ? null
            : "cluster(s) did not match the placement cluster affinity constraint";
    }

    /// <summary>corev1 <c>Toleration.ToleratesTaint</c>.</summary>
    private static bool Tolerated(ClusterTaint taint, JsonArray? tolerations) =>
        (tolerations ?? []).OfType<JsonObject>().Any(toleration =>
        {
            var effect = toleration.StringAt("effect");
            var key = toleration.StringAt("key") ?? "";
            var exists = toleration.StringAt("operator") == "Exists";
            return (string.IsNullOrEmpty(effect) || effect == taint.Effect)
                && (key.Length == 0 ? exists : key == taint.Key)
                && (exists || (toleration.StringAt("value") ?? "") == taint.Value);
        });

    /// <summary>Karmada's <c>getStaticWeightInfoList</c>: each candidate's highest matching weight; all 1 when no weight applies.</summary>
    private static List<(string Cluster, long Weight)> Weights(List<ClusterRuntime> candidates, JsonArray? staticWeights)
    {
        var weights = new List<(string Cluster, long Weight)>();
        foreach (var cluster in candidates)
        {
            var weight = (staticWeights ?? []).OfType<JsonObject>()
                .Where(entry => ClusterAffinityMatch.Matches(entry.ObjectAt("targetCluster") ?? [], cluster))
                .Select(entry => entry.IntegerAt(out _, "weight") ?? 0)
                .DefaultIfEmpty(0)
                .Max();
            if (weight > 0)
            {
                weights.Add((cluster.Name, weight));
            }
        }
        return weights.Count > 0 ? weights : [.. candidates.Select(c => (c.Name, 1L))];
    }

    private static string? Unmodelled(JsonObject placement, bool duplicated, bool staticWeights)
    {
        if (placement["clusterAffinities"] is not null)
        {
            return "clusterAffinities (ordered cluster affinity terms)";
        }
        if (placement["workloadAffinity"] is not null)
        {
            return "workloadAffinity";
        }
        if (!duplicated && !staticWeights)
        {
            return "Aggregated or dynamic-weight replica division";
        }
        // Karmada itself ignores spread constraints under static weights.
        return placement["spreadConstraints"] is JsonArray { Count: > 0 } && !staticWeights ? "spreadConstraints" : null;
    }
}
