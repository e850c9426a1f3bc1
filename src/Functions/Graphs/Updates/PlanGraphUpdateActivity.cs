using Microsoft.Azure.Functions.Worker;
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
