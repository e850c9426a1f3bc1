using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;
using Smo.Store.Versions;

namespace Smo.Functions.Graphs.Updates;

/// <summary>
/// The graph's rows as a version translates them: its descriptor, each service's resources, rules, capacity model
/// and values (with the placement values of the cluster it has), and the strategies the version changes (a strategy
/// adopted since the deploy stays unless the version names another). Placement and installs are the orchestration's.
/// </summary>
public sealed class StoreGraphVersionActivity(GraphReader reader, GraphVersions versions, GraphTranslator translator)
{
    [Function(GraphUpdateActivities.StoreGraphVersion)]
    public async Task<bool> RunAsync([ActivityTrigger] VersionStoreRequest input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph, cancellationToken);
        var version = await versions.GetAsync(graph.Name, input.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Graph '{graph.Name}' has no version {input.Version}.");
        var current = reader.Descriptor(graph);
        var target = reader.Descriptor(graph.Name, version.Descriptor!.Value);
        var translated = translator.Translate(target, version.Descriptor.Value, graph.Project, graph.OrchestrationInstanceId ?? GraphLifecycle.InstanceIdFor(graph.Name));
        var placement = graph.Placement.Where(p => target.Service(p.Key) is not null).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var imports = PlacementValues.ServiceImports(target, placement);
        var services = translated.Services.Select(service => placement.TryGetValue(service.Name, out var cluster)
            ? service with { HelmValues = JsonSerializer.SerializeToElement(PlacementValues.With(service.HelmValues, service.Artifact.Implementer, cluster, imports[service.Name])) }
            : service).ToList();
        await versions.SwitchAsync(new VersionSwitch(graph.Name, version.Number, version.Descriptor.Value,
            Strategies(graph.Strategies, current, target, translated.Strategies), services, input.Restore), cancellationToken);
        return true;
    }

    /// <summary>The graph's strategies with each field the new descriptor changes taken from its translation.</summary>
    private static GraphStrategies Strategies(GraphStrategies now, HdaGraph before, HdaGraph after, GraphStrategies translated) => now with
    {
        PlacementStrategy = before.PlacementStrategy == after.PlacementStrategy ? now.PlacementStrategy : translated.PlacementStrategy,
        ScalingStrategy = before.ScalingStrategy == after.ScalingStrategy ? now.ScalingStrategy : translated.ScalingStrategy,
        ScalingInterval = before.ScalingInterval == after.ScalingInterval ? now.ScalingInterval : translated.ScalingInterval,
        Weights = before.Weights == after.Weights ? now.Weights : translated.Weights,
    };
}
