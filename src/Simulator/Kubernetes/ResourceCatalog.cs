using Smo.Simulator.Kubernetes.Resources;

namespace Smo.Simulator.Kubernetes;

/// <summary>The Kubernetes API subset Smo uses, and nothing more.</summary>
public static class ResourceCatalog
{
    public static readonly ResourceDefinition Namespaces =
        new("", "v1", "namespaces", "Namespace", Namespaced: false, ResourceFlavor.BuiltIn);

    public static readonly ResourceDefinition Deployments =
        new("apps", "v1", "deployments", "Deployment", Namespaced: true, ResourceFlavor.BuiltIn, Rules: new DeploymentRules());

    /// <summary>Karmada clusters are written by the simulated federation only, as Karmada's controllers do.</summary>
    public static readonly ResourceDefinition KarmadaClusters =
        new("cluster.karmada.io", "v1alpha1", "clusters", "Cluster", Namespaced: false, ResourceFlavor.Aggregated, ReadOnly: true);

    public static readonly ResourceDefinition PrometheusRules =
        new("monitoring.coreos.com", "v1", "prometheusrules", "PrometheusRule", Namespaced: true, ResourceFlavor.Custom,
            Rules: new PrometheusRuleRules());

    public static readonly ResourceDefinition SubmarinerClusters =
        new("submariner.io", "v1", "clusters", "Cluster", Namespaced: true, ResourceFlavor.Custom, ReadOnly: true);

    /// <summary>Karmada's policies: which resources go to which member clusters, and how their replicas are divided.</summary>
    public static readonly ResourceDefinition PropagationPolicies =
        new("policy.karmada.io", "v1alpha1", "propagationpolicies", "PropagationPolicy", Namespaced: true, ResourceFlavor.Custom,
            Rules: new PropagationPolicyRules());

    /// <summary>What Karmada's detector and scheduler made of a resource and its policy; written by the simulated federation only.</summary>
    public static readonly ResourceDefinition ResourceBindings =
        new("work.karmada.io", "v1alpha2", "resourcebindings", "ResourceBinding", Namespaced: true, ResourceFlavor.Custom, ReadOnly: true);

    public static readonly IReadOnlyList<ResourceDefinition> All =
        [Namespaces, Deployments, KarmadaClusters, PrometheusRules, SubmarinerClusters, PropagationPolicies, ResourceBindings];

    public static ResourceDefinition? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static ResourceDefinition? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);
}
