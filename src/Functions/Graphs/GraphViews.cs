using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Smo.Functions.Durable;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>The JSON the graph API returns: the original's fields (name, status, project, grafana, hdaGraph, services) and more.</summary>
public static class GraphViews
{
    public static object Summary(GraphRecord graph) => new
    {
        name = graph.Name,
        status = graph.Status.ToString(),
        project = graph.Project,
        grafana = graph.GrafanaUrl,
        placement = graph.Placement,
        services = graph.Services.Count,
        failureReason = graph.FailureReason,
        updatedAt = graph.UpdatedAt,
    };

    public static object Detail(GraphRecord graph, IReadOnlyList<DecisionRecord> decisions, IReadOnlyList<EventRecord> events, OrchestrationMetadata? instance) => new
    {
        name = graph.Name,
        status = graph.Status.ToString(),
        project = graph.Project,
        grafana = graph.GrafanaUrl,
        failureReason = graph.FailureReason,
        hdaGraph = graph.Descriptor.TryGetProperty("hdaGraph", out var hdaGraph) ? hdaGraph : graph.Descriptor,
        placement = graph.Placement,
        strategies = new
        {
            placement = graph.Strategies.PlacementStrategy,
            scaling = graph.Strategies.ScalingStrategy,
            weights = graph.Strategies.Weights,
            scalingIntervalSeconds = graph.Strategies.ScalingInterval.TotalSeconds,
        },
        services = graph.Services.Select(s => new
        {
            name = s.Name,
            status = s.Status.ToString(),
            conditional = s.Conditional,
            cluster_affinity = s.Cluster,
            artifact_ref = s.Artifact.Reference,
            artifact_type = s.Artifact.Type,
            artifact_implementer = s.Artifact.Implementer,
            cpu = s.Resources.CpuCores,
            memoryGiB = s.Resources.MemoryGiB,
            storageGB = s.Resources.StorageGB,
            gpu = s.Resources.Gpu,
            replicas = s.DesiredReplicas,
            scaling = s.Scaling,
            values_overwrite = s.HelmValues,
            alerts = s.AlertRules,
            grafana = s.GrafanaUrl,
        }),
        latestDecisions = decisions.Select(d => new
        {
            at = d.CreatedAt,
            kind = d.Kind.ToString(),
            trigger = d.Trigger.ToString(),
            strategy = d.Strategy,
            status = d.Status.ToString(),
            reason = d.Reason,
            objective = d.Objective,
            durationMs = d.Duration.TotalMilliseconds,
            result = d.Result,
        }),
        events = events.Select(e => new { at = e.CreatedAt, kind = e.Kind, service = e.Service, message = e.Message }),
        orchestration = instance is null ? null : new
        {
            instanceId = instance.InstanceId,
            runtimeStatus = instance.RuntimeStatus.ToString(),
            customStatus = Parse(instance.SerializedCustomStatus),
            lastUpdatedAt = instance.LastUpdatedAt,
        },
    };

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
