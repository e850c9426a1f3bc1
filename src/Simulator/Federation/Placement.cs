namespace Smo.Simulator.Federation;

/// <summary>
/// Where a Deployment runs. Karmada decides that from PropagationPolicies the charts render; the simulator keeps
/// the decision as an annotation on the Deployment, which the helm stand-in sets from <c>clustersAffinity</c>.
/// </summary>
public static class Placement
{
    public const string ClusterAnnotation = "simulator.smo.io/cluster";
}
