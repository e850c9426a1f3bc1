using System.Text.Json;
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
/// then <see cref="GraphDefaults"/>.
/// </summary>
public sealed class GraphTranslator(GraphDefaults defaults, IntentTranslator intents)
{
    public NewGraph Translate(HdaGraph graph, JsonElement descriptor, string project, string instanceId)
    {
        var rules = HdagAlertRules.Of(graph).ToLookup(rule => rule.ServiceId, StringComparer.Ordinal);
        var services = graph.Services.Select(service =>
        {
            var needs = intents.Translate(service);
            return new NewService(
                service.Id,
                ServiceStatus.Pending,
                service.IsConditional,
                new StoreArtifact(service.Artifact.OciImage, service.Artifact.Type, service.Artifact.Implementer),
                new ServiceResources(needs.CpuCores, needs.MemoryGiB, needs.StorageGB, needs.NeedsGpu))
            {
                HelmValues = service.Artifact.ValuesOverwrite.ValueKind == JsonValueKind.Object ? service.Artifact.ValuesOverwrite : EmptyJson.Object,
                AlertRules = [.. rules[service.Id].Select(rule => new ServiceAlertRule(rule.Alert, rule.Expr, rule.For ?? "0s",
                    rule.Annotations.GetValueOrDefault("description") ?? ""))],
                Scaling = Scaling(service, needs),
            };
        }).ToList();

        return new NewGraph(graph.Id, project, descriptor, Strategies(graph), services)
        {
            OrchestrationInstanceId = instanceId,
        };
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

    /// <summary>The capacity model: the descriptor's α/β/min/max, the intent's replica bounds, then the defaults.</summary>
    private StoreScaling Scaling(HdaService service, ServiceRequirements needs)
    {
        var min = service.Scaling.MinReplicas ?? needs.MinReplicas;
        var max = service.Scaling.MaxReplicas ?? (needs.MaxReplicas == IntentTranslator.UnboundedReplicas ? Math.Max(defaults.MaxReplicas, min) : needs.MaxReplicas);
        return new StoreScaling(service.Scaling.Alpha ?? defaults.Alpha, service.Scaling.Beta ?? defaults.Beta, min, max)
        {
            MinClusters = service.Scaling.MinClusters ?? 1,
        };
    }
}
