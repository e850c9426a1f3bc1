using Smo.Hdag;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>
/// The installed services a placement leaves on a failed cluster, and why: a service pinned by static placement
/// moves only within its <c>clustersAffinity</c>, and one whose <c>recoveryPolicy</c> is <c>manual_trigger</c> moves
/// only when the operator asks. The reasons are what the graph's Degraded status and its events say.
/// </summary>
public static class RecoveryHolds
{
    /// <summary>The installed <c>manual_trigger</c> services on a failed cluster, each with why it stays there.</summary>
    public static Dictionary<string, string> Manual(GraphRecord graph, HdaGraph descriptor, IReadOnlyCollection<ClusterRecord> clusters) =>
        StrandedServices.Of(graph.Services.Where(s => descriptor.Service(s.Name)?.Intent.Availability.Recovery == RecoveryPolicy.ManualTrigger), clusters)
            .Select(s => s.Service)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(s => s, _ => ManualReason(graph.Name), StringComparer.Ordinal);

    /// <summary>Why a pinned service stays on its failed cluster, and when it runs again.</summary>
    public static string PinnedReason(IReadOnlyList<string> pins) =>
        $"pinned to {string.Join(", ", pins)} (clustersAffinity), and none of {(pins.Count == 1 ? "it" : "them")} is available: it runs again when one returns";

    /// <summary>Why a <c>manual_trigger</c> service stays on its failed cluster, and what moves it.</summary>
    private static string ManualReason(string graph) =>
        $"recoveryPolicy manual_trigger: it waits for the operator's placement call (POST /graphs/{graph}/placement, or smo graph re-place {graph})";
}
