using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes.Schema;
using static Smo.Simulator.Kubernetes.Schema.StructuralSchema;

namespace Smo.Simulator.Kubernetes.Resources;

/// <summary>
/// The structural schema of Karmada's PropagationPolicy CRD (<c>charts/karmada/_crds/bases/policy/
/// policy.karmada.io_propagationpolicies.yaml</c> at the commit protocols.md cites): the selectors, the cluster
/// affinity and the replica scheduling in full, with their enums, defaults and the static weight's minimum of 1.
/// Failover, clusterAffinities, workloadAffinity, schedulePriority and suspension are kept as written, unchecked.
/// </summary>
internal static class PropagationPolicySchema
{
    private static readonly StructuralSchema Strings = Array(String());

    private static readonly StructuralSchema Requirements = Array(Object(
        ("key", String()),
        ("operator", String()),
        ("values", Strings)).Requires("key", "operator"));

    private static readonly StructuralSchema LabelSelector = Object(
        ("matchExpressions", Requirements),
        ("matchLabels", Map(String())));

    /// <summary>Where a policy or one static weight points: names, exclusions, a label and a field selector.</summary>
    private static readonly StructuralSchema ClusterAffinity = Object(
        ("clusterNames", Strings),
        ("exclude", Strings),
        ("fieldSelector", Object(("matchExpressions", Requirements))),
        ("labelSelector", LabelSelector));

    private static readonly StructuralSchema ReplicaScheduling = Object(
        ("replicaDivisionPreference", String("Aggregated", "Weighted")),
        ("replicaSchedulingType", String("Duplicated", "Divided").Defaults("Divided")),
        ("weightPreference", Object(
            ("dynamicWeight", String("AvailableReplicas")),
            ("staticWeightList", Array(Object(
                ("targetCluster", ClusterAffinity),
                ("weight", Integer(minimum: 1))).Requires("targetCluster", "weight"))))));

    private static readonly StructuralSchema Placement = Object(
        ("clusterAffinities", Preserved),
        ("clusterAffinity", ClusterAffinity),
        ("clusterTolerations", Array(Object(
            ("effect", String()),
            ("key", String()),
            ("operator", String()),
            ("tolerationSeconds", Integer()),
            ("value", String())))),
        ("replicaScheduling", ReplicaScheduling),
        ("spreadConstraints", Array(Object(
            ("maxGroups", Integer()),
            ("minGroups", Integer()),
            ("spreadByField", String("cluster", "region", "zone", "provider")),
            ("spreadByLabel", String())))),
        ("workloadAffinity", Preserved));

    private static readonly StructuralSchema ResourceSelector = Object(
        ("apiVersion", String()),
        ("kind", String()),
        ("labelSelector", LabelSelector),
        ("name", String()),
        ("namespace", String())).Requires("apiVersion", "kind");

    public static readonly StructuralSchema Root = Object(
        ("apiVersion", String()),
        ("kind", String()),
        ("metadata", Preserved),
        ("spec", Object(
            ("activationPreference", String("Lazy")),
            ("association", Bool),
            ("conflictResolution", String("Abort", "Overwrite").Defaults("Abort")),
            ("dependentOverrides", Strings),
            ("failover", Preserved),
            ("placement", Placement),
            ("preemption", String("Always", "Never").Defaults("Never")),
            ("preserveResourcesOnDeletion", Bool),
            ("priority", Integer().Defaults(JsonValue.Create(0))),
            ("propagateDeps", Bool),
            ("resourceSelectors", Array(ResourceSelector, minItems: 1)),
            ("schedulePriority", Preserved),
            ("schedulerName", String().Defaults("default-scheduler")),
            ("suspension", Preserved)).Requires("resourceSelectors"))).Requires("spec");
}
