using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Smo.Adapters.Helm;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;
using Smo.Store.Versions;

namespace Smo.Functions.Graphs.Updates;

/// <summary>What a pending version changes from the graph as it is: services added and removed, and what is installed now (chart, values, revision).</summary>
public sealed class PlanGraphUpdateActivity(GraphReader reader, GraphVersions versions)
{
    [Function(GraphUpdateActivities.PlanGraphUpdate)]
    public async Task<GraphUpdatePlan> RunAsync([ActivityTrigger] GraphVersionRef input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph, cancellationToken);
        var all = await versions.ListAsync(graph.Name, cancellationToken);
        if (all.FirstOrDefault(v => v.Number == input.Version) is not { State: VersionState.Pending } pending)
        {
            return GraphUpdatePlan.Refused(input.Version, $"version {input.Version} is not waiting to be applied.");
        }

        var stored = await versions.GetAsync(graph.Name, input.Version, cancellationToken);
        var target = reader.Descriptor(graph.Name, stored!.Descriptor!.Value).Services.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var installed = graph.Services.Where(s => s.Status is ServiceStatus.Deployed or ServiceStatus.Failed).ToList();
        return new GraphUpdatePlan(
            all.Single(v => v.Current).Number,
            input.Version,
            [.. target.Where(id => graph.Services.All(s => s.Name != id)).Order(StringComparer.Ordinal)],
            [.. graph.Services.Where(s => !target.Contains(s.Name)).Select(s => s.Name)],
            installed.ToDictionary(s => s.Name, ServiceFingerprint.Of, StringComparer.Ordinal),
            installed.Where(s => s.HelmRevision is not null).ToDictionary(s => s.Name, s => s.HelmRevision!.Value, StringComparer.Ordinal),
            pending.Summary);
    }
}

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

/// <summary>What Helm installs for each installed service, as a fingerprint: a service whose fingerprint an update changes is upgraded.</summary>
public sealed class ServiceFingerprintsActivity(GraphReader reader)
{
    [Function(GraphUpdateActivities.ServiceFingerprints)]
    public async Task<IReadOnlyDictionary<string, string>> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        (await reader.GetAsync(input, cancellationToken)).Services
            .Where(s => s.Status is ServiceStatus.Deployed or ServiceStatus.Failed)
            .ToDictionary(s => s.Name, ServiceFingerprint.Of, StringComparer.Ordinal);
}

/// <summary>Forgets the services an update removed, once uninstalled.</summary>
public sealed class RemoveServicesActivity(GraphVersions versions)
{
    [Function(GraphUpdateActivities.RemoveServices)]
    public async Task<bool> RunAsync([ActivityTrigger] ServicesRef input, CancellationToken cancellationToken)
    {
        await versions.RemoveServicesAsync(input.Graph, input.Services, cancellationToken);
        return true;
    }
}

/// <summary>
/// A release a failed update upgraded goes back to its revision from before (<c>helm rollback</c>) unless helm left it
/// there; the service is deployed again at the revision helm now reports, so the drift check takes it as Smo's.
/// False when nothing was rolled back (the release is at that revision, or gone).
/// </summary>
public sealed class RollbackServiceActivity(GraphReader reader, IHelmRunner helm, GraphStore graphs)
{
    [Function(GraphUpdateActivities.RollbackService)]
    public async Task<bool> RunAsync([ActivityTrigger] ServiceRevision input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph, cancellationToken);
        if (graph.Services.FirstOrDefault(s => s.Name == input.Service) is not { } service)
        {
            return false;
        }

        var release = ReleaseNames.For(graph.Name, service.Name);
        if ((await helm.ListAsync([release], graph.Project, cancellationToken)).FirstOrDefault() is not { } listed)
        {
            return false;
        }

        var rolledBack = listed.Revision != input.Revision;
        if (rolledBack)
        {
            await helm.RollbackAsync(release, graph.Project, input.Revision, cancellationToken);
            listed = (await helm.ListAsync([release], graph.Project, cancellationToken)).FirstOrDefault() ?? listed;
        }

        await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate
        {
            Status = ServiceStatus.Deployed,
            HelmRevision = listed.Revision >= 1 ? listed.Revision : null,
            ExpectedVersion = service.Version,
        }, CancellationToken.None);
        return rolledBack;
    }
}

/// <summary>Settles the pending version: applied, or failed with the reason the graph then shows.</summary>
public sealed class SettleGraphVersionActivity(GraphVersions versions)
{
    [Function(GraphUpdateActivities.SettleGraphVersion)]
    public async Task<bool> RunAsync([ActivityTrigger] VersionOutcome input, CancellationToken cancellationToken) =>
        await versions.SettleAsync(input.Graph, input.Version, input.FailureReason is null ? VersionState.Applied : VersionState.Failed, input.FailureReason,
            cancellationToken);
}

/// <summary>What Helm installs for a service — chart reference, its type and implementer, the final values — as one hash.</summary>
public static class ServiceFingerprint
{
    public static string Of(ServiceRecord service) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{service.Artifact.Reference}\n{service.Artifact.Type}\n{service.Artifact.Implementer}\n{service.HelmValues.GetRawText()}")))[..32];
}
