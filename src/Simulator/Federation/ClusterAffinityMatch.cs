using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Federation;

/// <summary>
/// Karmada's <c>ClusterMatches</c> (<c>pkg/util/selector.go</c>): a ClusterAffinity — a policy's, or one static
/// weight's target — selects a cluster when it is not excluded, its labels match the label selector, its provider,
/// region and zones match the field selector, and its name is listed (an empty list lists every cluster).
/// </summary>
public static class ClusterAffinityMatch
{
    /// <param name="affinity">Null (no affinity) selects every cluster.</param>
    public static bool Matches(JsonObject? affinity, ClusterRuntime cluster)
    {
        if (affinity is null)
        {
            return true;
        }
        if (Strings(affinity, "exclude").Contains(cluster.Name))
        {
            return false;
        }
        if (affinity.ObjectAt("labelSelector") is { } labels && !LabelSelectorMatch.Matches(labels, cluster.Labels))
        {
            return false;
        }
        foreach (var expression in affinity.ArrayAt("fieldSelector", "matchExpressions") ?? [])
        {
            if (!FieldMatches(expression as JsonObject ?? [], cluster))
            {
                return false;
            }
        }
        var names = Strings(affinity, "clusterNames");
        return names.Count == 0 || names.Contains(cluster.Name);
    }

    private static bool FieldMatches(JsonObject expression, ClusterRuntime cluster)
    {
        var values = Strings(expression, "values");
        var op = expression.StringAt("operator");
        if (expression.StringAt("key") == "zone")
        {
            // A cluster has a list of zones: In needs one of them listed, NotIn none.
            var zone = cluster.Spec.Zone;
            return op switch
            {
                "In" => values.Contains(zone),
                "NotIn" => !values.Contains(zone),
                _ => false,
            };
        }
        var field = expression.StringAt("key") switch
        {
            "provider" => ClusterReporter.Provider(cluster.Spec),
            "region" => cluster.Spec.Region,
            _ => null,
        };
        return op switch
        {
            "In" => field is not null && values.Contains(field),
            "NotIn" => field is null || !values.Contains(field),
            _ => false,
        };
    }

    private static List<string> Strings(JsonObject owner, string key) =>
        (owner.ArrayAt(key) ?? []).Select(v => v?.ToString() ?? "").ToList();
}
