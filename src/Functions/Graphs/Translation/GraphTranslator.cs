using System.Text.Json;
using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Hdag.Translation;
using Smo.Store.Graphs;
using Smo.Store.Json;

using HdagAlertRules = Smo.Hdag.Translation.AlertRules;
using StoreArtifact = Smo.Store.Graphs.ServiceArtifact;
using StoreScaling = Smo.Store.Graphs.ScalingParameters;

namespace Smo.Functions.Graphs.Translation;

/// <summary>
/// Turns a parsed descriptor into the graph Smo stores: each service's translated resources, its Helm values as
/// given, all its alert rules, its capacity model, and the graph's strategies and weights — descriptor first,
/// then <see cref="GraphDefaults"/>. High availability is stored as spreading: a service it covers keeps at least one
/// replica on each of that many clusters (<see cref="HighAvailabilityOptions"/>), through the same division as
/// <c>scaling.spread</c>.
/// </summary>
/// <param name="availability">The host's high-availability setting; null: its default.</param>
public sealed class GraphTranslator(GraphDefaults defaults, IntentTranslator intents, HighAvailabilityOptions? availability = null)
{
    private readonly HighAvailabilityOptions _availability = availability ?? new HighAvailabilityOptions();

    public NewGraph Translate(HdaGraph graph, JsonElement descriptor, string project, string instanceId)
    {
        var rules = HdagAlertRules.Of(graph).ToLookup(rule => rule.ServiceId, StringComparer.Ordinal);
        var services = graph.Services.Select(service =>
        {
            var (resources, scaling) = Demand(graph, service);
            return new NewService(
                service.Id,
                ServiceStatus.Pending,
                service.IsConditional,
                new StoreArtifact(service.Artifact.OciImage, service.Artifact.Type, service.Artifact.Implementer),
                resources)
            {
                HelmValues = service.Artifact.ValuesOverwrite.ValueKind == JsonValueKind.Object ? service.Artifact.ValuesOverwrite : EmptyJson.Object,
                AlertRules = [.. rules[service.Id].Select(rule => new ServiceAlertRule(rule.Alert, rule.Expr, rule.For ?? "0s",
                    rule.Annotations.GetValueOrDefault("description") ?? ""))],
                Scaling = scaling,
            };
        }).ToList();

        return new NewGraph(graph.Id, project, descriptor, Strategies(graph), services)
        {
            OrchestrationInstanceId = instanceId,
        };
    }

    /// <summary>What one service asks of the clusters, as a deploy stores it: one replica's resources, and its capacity model.</summary>
    /// <exception cref="ArgumentException">A size is not in the intent tables.</exception>
    public (ServiceResources Resources, StoreScaling Scaling) Demand(HdaGraph graph, HdaService service)
    {
        var needs = intents.Translate(service);
        return (new ServiceResources(needs.CpuCores, needs.MemoryGiB, needs.StorageGB, needs.NeedsGpu), Scaling(graph.Intent, service, needs));
    }

    private GraphStrategies Strategies(HdaGraph graph)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string term, double? value)
        {
            if (value is { } weight)
            {
                weights[term] = weight;
            }
        }

        var placement = graph.Weights.Placement;
        Add(WeightTerms.Deployment, placement.Deployment);
        Add(WeightTerms.Reoptimisation, placement.Reoptimisation);
        Add(WeightTerms.Communication, placement.Communication);
        Add(WeightTerms.Energy, placement.Energy);
        Add(WeightTerms.Carbon, placement.Carbon);
        Add(WeightTerms.Utilisation, graph.Weights.Scaling.Utilisation);
        Add(WeightTerms.Transition, graph.Weights.Scaling.Transition);
        return new GraphStrategies(
            graph.PlacementStrategy ?? defaults.PlacementStrategy,
            graph.ScalingStrategy ?? defaults.ScalingStrategy,
            weights,
            graph.ScalingInterval ?? defaults.ScalingInterval);
    }

    /// <summary>
    /// The capacity model: the descriptor's α/β/min/max, the intent's replica bounds, then the defaults. A service
    /// spread over clusters (<c>scaling.spread.minClusters</c>, or high availability: the larger) runs at least one
    /// replica on each, so its minimum is at least that many. A service static placement pins runs on one cluster of its
    /// pin (a pinned service is never divided), so it asks for one: asking for more would call for a re-placement forever.
    /// </summary>
    private StoreScaling Scaling(GraphIntent graph, HdaService service, ServiceRequirements needs)
    {
        var pinned = PlacementValues.StaticPins(graph, service).Count > 0;
        var clusters = pinned ? 1 : Math.Max(service.Scaling.MinClusters ?? 1, _availability.ClustersFor(graph, service.Intent.Availability) ?? 1);
        var min = Math.Max(service.Scaling.MinReplicas ?? needs.MinReplicas, clusters);
        var max = service.Scaling.MaxReplicas ?? (needs.MaxReplicas == IntentTranslator.UnboundedReplicas ? Math.Max(defaults.MaxReplicas, min) : needs.MaxReplicas);
        return new StoreScaling(service.Scaling.Alpha ?? defaults.Alpha, service.Scaling.Beta ?? defaults.Beta, min, max)
        {
            MinClusters = clusters,
        };
    }
}
