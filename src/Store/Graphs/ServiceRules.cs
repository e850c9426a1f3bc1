using System.Text.Json;

namespace Smo.Store.Graphs;

/// <summary>Checks for the parts of a service, shared by creation and updates so both refuse the same input.</summary>
internal static class ServiceRules
{
    public static void Artifact(ServiceArtifact? artifact, string where, string parameter)
    {
        if (artifact is null)
        {
            throw new ArgumentException($"{where}: the artifact is required.", parameter);
        }

        Require.Text(artifact.Reference, $"{where}: the artifact reference", parameter);
    }

    public static void Resources(ServiceResources? resources, string where, string parameter)
    {
        if (resources is null)
        {
            throw new ArgumentException($"{where}: the resources are required.", parameter);
        }

        Require.NonNegative(resources.CpuCores, $"{where}: CPU (cores)", parameter);
        Require.NonNegative(resources.MemoryGiB, $"{where}: memory (GiB)", parameter);
        Require.NonNegative(resources.StorageGB, $"{where}: storage (GB)", parameter);
    }

    public static void Scaling(ScalingParameters scaling, string where, string parameter)
    {
        Require.Positive(scaling.Alpha, $"{where}: scaling alpha", parameter);
        if (!double.IsFinite(scaling.Beta))
        {
            throw new ArgumentException($"{where}: scaling beta is {scaling.Beta}; it must be a finite number.", parameter);
        }

        if (scaling.MinReplicas < 0 || scaling.MaxReplicas < Math.Max(1, scaling.MinReplicas))
        {
            throw new ArgumentException(
                $"{where}: scaling bounds {scaling.MinReplicas}..{scaling.MaxReplicas} are not valid; min must be at least 0 and max at least max(1, min).",
                parameter);
        }
    }

    public static void AlertRules(IReadOnlyList<ServiceAlertRule>? rules, string where, string parameter)
    {
        if (rules is null)
        {
            throw new ArgumentException($"{where}: the alert rules are required (an empty list when there are none).", parameter);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule is null)
            {
                throw new ArgumentException($"{where}: an alert rule is null.", parameter);
            }

            Require.Text(rule.EventId, $"{where}: an alert rule's event id", parameter);
            Require.Text(rule.Expression, $"{where}: the expression of alert rule '{rule.EventId}'", parameter);
            Require.Text(rule.For, $"{where}: the grace period of alert rule '{rule.EventId}'", parameter);
            if (!seen.Add(rule.EventId))
            {
                throw new ArgumentException($"{where}: alert rule '{rule.EventId}' appears more than once.", parameter);
            }
        }
    }

    public static void HelmValues(JsonElement values, string where, string parameter)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"{where}: the Helm values must be a JSON object, not {values.ValueKind}.", parameter);
        }
    }

    public static void Replicas(int replicas, string where, string parameter)
    {
        if (replicas < 0)
        {
            throw new ArgumentException($"{where}: desired replicas is {replicas}; it must be at least 0.", parameter);
        }
    }
}
