namespace Smo.Hdag.Parsing;

/// <summary>Reads the optional H3NI extensions: per-service <c>scaling</c> and <c>policies</c>, graph <c>weights</c>.</summary>
internal static class ExtensionBinder
{
    private const string Weight = "a finite number from 0 to 1,000,000";

    private static readonly Dictionary<string, PolicyAction> Actions = new() { ["offload"] = PolicyAction.Offload, ["migrate"] = PolicyAction.Migrate };

    public static ScalingParameters? Scaling(Field field)
    {
        var scaling = field.AsMapping(required: false, "a mapping with alpha, beta, minReplicas, maxReplicas and spread");
        if (scaling is null)
        {
            return field.IsAbsent ? ScalingParameters.None : null;
        }

        var alpha = scaling["alpha"].AsNumber(a => double.IsFinite(a) && a > 0, "a finite number > 0 (request rate one replica handles)");
        var beta = scaling["beta"].AsNumber(double.IsFinite, "a finite number (request rate handled at zero replicas; may be negative)");
        var min = scaling["minReplicas"].AsInteger(0, "a whole number ≥ 0");
        var max = scaling["maxReplicas"].AsInteger(1, "a whole number ≥ 1");
        if (min > max)
        {
            scaling["minReplicas"].Error($"minReplicas {min} above maxReplicas {max}", "minReplicas ≤ maxReplicas");
        }

        var minClusters = SpreadMinClusters(scaling["spread"]);
        if (minClusters > max)
        {
            scaling["spread"].Error($"spread.minClusters {minClusters} above maxReplicas {max}", "at most one cluster per replica");
        }

        scaling.WarnAboutUnknownFields();
        return new ScalingParameters(alpha, beta, min, max) { MinClusters = minClusters };
    }

    /// <summary>
    /// <c>scaling.spread.minClusters</c>: the fewest clusters the service's replicas are divided across, for
    /// availability (Smo's extension; absent means one cluster unless the load needs more).
    /// </summary>
    private static int? SpreadMinClusters(Field field)
    {
        var spread = field.AsMapping(required: false, "a mapping with minClusters");
        if (spread is null)
        {
            return null;
        }

        var minClusters = spread["minClusters"].AsInteger(1, "a whole number ≥ 1 (clusters the replicas are divided across)");
        spread.WarnAboutUnknownFields();
        return minClusters;
    }

    public static IReadOnlyList<OperationalPolicy> Policies(Field field, CrossChecks checks)
    {
        var policies = new List<OperationalPolicy>();
        foreach (var item in field.AsSequence(required: false, "a sequence of policies"))
        {
            if (Policy(item, checks) is { } policy)
            {
                policies.Add(policy);
            }
        }

        return policies;
    }

    public static ObjectiveWeights Weights(Field field)
    {
        var weights = field.AsMapping(required: false, "a mapping with placement and scaling weights");
        if (weights is null)
        {
            return ObjectiveWeights.None;
        }

        var placement = weights["placement"].AsMapping(required: false, "a mapping with deployment, reoptimisation, communication, energy and carbon");
        var scaling = weights["scaling"].AsMapping(required: false, "a mapping with utilisation and transition");
        var result = new ObjectiveWeights(
            placement is null
                ? new PlacementWeightOverrides()
                : new PlacementWeightOverrides(WeightOf(placement, "deployment"), WeightOf(placement, "reoptimisation"), WeightOf(placement, "communication"), WeightOf(placement, "energy"), WeightOf(placement, "carbon")),
            scaling is null
                ? new ScalingWeightOverrides()
                : new ScalingWeightOverrides(WeightOf(scaling, "utilisation"), WeightOf(scaling, "transition")));
        placement?.WarnAboutUnknownFields();
        scaling?.WarnAboutUnknownFields();
        weights.WarnAboutUnknownFields();
        return result;
    }

    private static double? WeightOf(MappingReader weights, string key) => weights[key].AsNumber(w => double.IsFinite(w) && w is >= 0 and <= ObjectiveWeights.MaxWeight, Weight);

    private static OperationalPolicy? Policy(Field item, CrossChecks checks)
    {
        var policy = item.AsMapping(required: true, "a mapping with id, action and promQuery");
        if (policy is null)
        {
            return null;
        }

        var id = checks.AlertName(policy["id"], "the policy id (the alert name)");
        var action = policy["action"].AsChoice(Actions, fallback: null);
        var query = policy["promQuery"].AsString(required: true, "a PromQL expression");
        var gracePeriod = PrometheusDuration.Read(policy["gracePeriod"]);
        var target = policy["target"].AsString(required: false, "a kind of cluster such as gpu or low-carbon");
        var strategy = policy["strategy"].AsString(required: false, "a placement strategy name");
        policy.WarnAboutUnknownFields();
        return id is null || action is null || query is null
            ? null
            : new OperationalPolicy(id, action.Value, query) { GracePeriod = gracePeriod, Target = target, Strategy = strategy };
    }
}
