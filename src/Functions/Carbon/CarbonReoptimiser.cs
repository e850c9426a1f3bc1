using Microsoft.DurableTask.Client;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Placement;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Carbon;

/// <summary>
/// Asks energy-aware graphs to re-place when what a cluster promises has moved: the expected carbon intensity (or the
/// price) of a cluster the graph uses or could use changed by more than <see cref="CarbonOptions.ReoptimiseChange"/>
/// since its last placement. At most once per <see cref="CarbonOptions.ReoptimiseCooldown"/> per graph, claimed in
/// the store so two hosts never both ask; the graph's orchestration decides, as for any other re-placement.
/// </summary>
public sealed partial class CarbonReoptimiser(
    ClusterStore clusters, PlacementOutlooks outlooks, GraphCommands commands, CarbonOptions options, TimeProvider time, ILogger<CarbonReoptimiser> logger)
{
    /// <summary>The placement strategies that weigh carbon and price: their graphs follow the grid.</summary>
    public static readonly IReadOnlyList<string> EnergyAwareStrategies = [MilpPlacement.EnergyAwareName];

    /// <summary>Asks each graph whose clusters' outlook changed enough; returns the graphs asked.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var graphs = await outlooks.ListRunningAsync(EnergyAwareStrategies, cancellationToken);
        if (graphs.Count == 0)
        {
            return [];
        }

        var now = CarbonOutlook.Of(await clusters.ListAsync(cancellationToken: cancellationToken), time.GetUtcNow(), options.PlacementHorizon);
        var asked = new List<string>();
        foreach (var graph in graphs)
        {
            if (CarbonOutlook.LargestChange(graph.Outlook, now) is not { } change || change.Share <= options.ReoptimiseChange
                || !await outlooks.TryClaimAskAsync(graph.Graph, options.ReoptimiseCooldown, cancellationToken))
            {
                continue;
            }

            await commands.SendAsync(client, graph.Graph, new GraphCommand(GraphCommandKind.CarbonChanged, Reason: change.ToString()), cancellationToken);
            LogAsked(graph.Graph, change.Cluster, change.Figure, change.Share);
            asked.Add(graph.Graph);
        }

        return asked;
    }

    [LoggerMessage(LogLevel.Information, "Graph {Graph} asked to re-place: the expected {Figure} of {Cluster} changed by {Share:P0}")]
    private partial void LogAsked(string graph, string cluster, string figure, double share);
}
