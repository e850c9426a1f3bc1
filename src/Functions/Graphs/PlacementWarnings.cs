using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Hdag.Parsing;

namespace Smo.Functions.Graphs;

/// <summary>
/// What a descriptor asks of placement that Smo reads its own way, said at submit with the parser's warnings rather
/// than discovered in a placement later: under <c>useStaticPlacement</c>, a service without a clustersAffinity is
/// placed by the graph's strategy around the pinned ones (NEPHELE's demo4 leaves it to Smo this way), and high
/// availability cannot spread a service static placement pins to one cluster; a <c>replicasAcrossClusters</c> with
/// high availability off for its service is moot.
/// </summary>
public static class PlacementWarnings
{
    /// <param name="defaultStrategy">The host's placement strategy, for a graph that names none.</param>
    public static IEnumerable<HdagDiagnostic> Of(HdaGraph graph, string defaultStrategy, HighAvailabilityOptions availability)
    {
        var strategy = graph.PlacementStrategy ?? defaultStrategy;
        for (var index = 0; index < graph.Services.Count; index++)
        {
            var service = graph.Services[index];
            var at = $"hdaGraph.services[{index}]";
            var clusters = availability.ClustersFor(graph.Intent, service.Intent.Availability);
            var pins = PlacementValues.StaticPins(graph.Intent, service);
            var pin = pins.Count == 0 ? null : string.Join(", ", pins);
            if (graph.Intent.UseStaticPlacement && pin is null)
            {
                yield return new HdagDiagnostic($"{at}.artifact.valuesOverwrite", null, "no clustersAffinity under useStaticPlacement",
                    $"a clustersAffinity to pin it; without one, Smo's placement strategy ({strategy}) places it around the pinned services"
                    + (clusters > 1 ? $", on {clusters} clusters for high availability" : ""));
            }

            if (pin is not null && clusters > 1)
            {
                yield return new HdagDiagnostic($"{at}.deployment.intent", null, $"high availability on {clusters} clusters for a service pinned to '{Placeability.Bounded(pin)}'",
                    "no clustersAffinity, so that Smo spreads it; pinned by static placement, it runs on its one cluster");
            }

            if (service.Intent.Availability.ReplicasAcrossClusters is { } asked && clusters is null)
            {
                yield return new HdagDiagnostic($"{at}.deployment.intent.highAvailability.replicasAcrossClusters", null,
                    $"replicasAcrossClusters {asked} with high availability off for this service",
                    "enabled: true beside it, or hdaGraphIntent.highAvailability.enabled: true; as it is, the service runs on one cluster");
            }
        }
    }
}
