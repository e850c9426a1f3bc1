using System.Text.Json.Nodes;

namespace Smo.Simulator.Federation;

/// <summary>
/// What places a Deployment: a stored PropagationPolicy, or the chart's own policy, which the twin keeps as the
/// placement annotation (priority 0, selecting the Deployment by name, Duplicated to the annotation's cluster).
/// </summary>
public sealed record PlacementClaim(PolicyView? Policy, string? ChartCluster)
{
    public int Priority => Policy?.Priority ?? 0;

    /// <summary>The placement the binding copies: the policy's, or the chart's <c>clusterAffinity</c> of one cluster.</summary>
    public JsonObject Placement => Policy?.Placement
        ?? new JsonObject { ["clusterAffinity"] = new JsonObject { ["clusterNames"] = new JsonArray(ChartCluster) } };

    public static PlacementClaim Chart(string cluster) => new(null, cluster);

    public static PlacementClaim By(PolicyView policy) => new(policy, null);
}
