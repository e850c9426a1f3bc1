using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// A running graph's services that failed clusters hold, where the status API, the console and the CLI read them:
/// the graph Degraded with them — each keeping when it was first found out of service while it stays so — or Running
/// again. A service newly held is a <c>degraded</c> event with why it stays; one back in service a <c>recovered</c>
/// event saying how (its cluster returned, or it was moved). A stopped or removed graph is left alone.
/// </summary>
public sealed class SettleDegradedActivity(GraphStore graphs, EventLog events, TimeProvider time)
{
    private const string DegradedKind = "degraded";
    private const string RecoveredKind = "recovered";

    [Function(GraphActivities.SettleDegraded)]
    public async Task<bool> RunAsync([ActivityTrigger] GraphDegradation input, CancellationToken cancellationToken)
    {
        if (await graphs.GetAsync(input.Graph, cancellationToken) is not { } graph || !graph.Status.IsRunning())
        {
            return false;
        }

        var now = time.GetUtcNow();
        var before = graph.Degraded;
        var after = input.Services
            .Select(s => new DegradedService(s.Service, s.Cluster, before.FirstOrDefault(d => Same(d, s.Service, s.Cluster))?.Since ?? now, s.Reason))
            .ToList();
        var back = before.Where(d => !after.Any(a => Same(a, d.Service, d.Cluster))).ToList();
        // Events first: a repeat after a crash may say a thing twice, but never not at all.
        foreach (var held in after.Where(a => !before.Any(d => Same(d, a.Service, a.Cluster))))
        {
            await events.AppendAsync(new NewEvent(graph.Name, held.Service, DegradedKind,
                $"{held.Service} is out of service on {held.Cluster} since {held.Since:yyyy-MM-dd HH:mm:ss}Z: {held.Reason}."), cancellationToken);
        }

        for (var i = 0; i < back.Count; i++)
        {
            var whole = after.Count == 0 && i == back.Count - 1 ? " The graph is Running again." : "";
            await events.AppendAsync(new NewEvent(graph.Name, back[i].Service, RecoveredKind, $"{Recovery(graph, back[i])}{whole}"), cancellationToken);
        }

        return await graphs.SetDegradedAsync(graph.Name, after, cancellationToken);
    }

    /// <summary>How a service left its failed cluster behind: the cluster came back under it, or it runs elsewhere now.</summary>
    private static string Recovery(GraphRecord graph, DegradedService was)
    {
        var clusters = graph.Services.FirstOrDefault(s => s.Name == was.Service) is { } service ? StrandedServices.ClustersOf(service).ToList() : [];
        return clusters.Count == 0 ? $"{was.Service} is no longer held by {was.Cluster}: it is not installed now."
            : clusters.Contains(was.Cluster) ? $"{was.Service} runs again on {was.Cluster}: the cluster is available again (recovered in place)."
            : $"{was.Service} has left {was.Cluster}: it runs on {string.Join(", ", clusters)} now.";
    }

    private static bool Same(DegradedService degraded, string service, string cluster) => degraded.Service == service && degraded.Cluster == cluster;
}
