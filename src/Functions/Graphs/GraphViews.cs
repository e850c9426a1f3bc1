using System.Text.Json;
using Microsoft.DurableTask.Client;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Functions.Secrets;

namespace Smo.Functions.Graphs;

/// <summary>The JSON the graph API returns: the original's fields (name, status, project, grafana, hdaGraph, services) and Smo's beside them.</summary>
public static class GraphViews
{
    /// <summary>A graph in a list: the original's full object (descriptor and services, secrets redacted) and Smo's summary fields.</summary>
    public static GraphListItem Listed(GraphRecord graph, SecretValues secrets) => new(
        graph.Name, graph.Status.ToString(), graph.Project, graph.GrafanaUrl, HdaGraph(graph, secrets),
        [.. graph.Services.Select(s => ServiceView.Of(graph.Name, s, secrets, why: null))],
        graph.Placement, graph.Services.Count, graph.FailureReason, graph.UpdatedAt);

    /// <param name="secrets">Redacts the values that carry secrets, in the descriptor and in each service's values.</param>
    /// <param name="whys">Why each service runs where it does (see <see cref="ServiceWhys"/>).</param>
    public static GraphDetail Detail(
        GraphRecord graph, IReadOnlyList<DecisionRecord> decisions, IReadOnlyList<EventRecord> events, OrchestrationMetadata? instance, SecretValues secrets,
        IReadOnlyDictionary<string, ServiceWhyView> whys) => new(
        graph.Name,
        graph.Status.ToString(),
        graph.Project,
        graph.GrafanaUrl,
        graph.FailureReason,
        graph.Degraded,
        HdaGraph(graph, secrets),
        graph.Placement,
        Strategies(graph.Strategies),
        [.. graph.Services.Select(s => ServiceView.Of(graph.Name, s, secrets, whys[s.Name]))],
        [.. decisions.Select(Decision)],
        [.. events.Select(Event)],
        instance is null ? null : new OrchestrationView(instance.InstanceId, instance.RuntimeStatus.ToString(), Parse(instance.SerializedCustomStatus), instance.LastUpdatedAt));

    public static DecisionView Decision(DecisionRecord d) => new(
        d.CreatedAt, d.Kind.ToString(), d.Trigger.ToString(), d.Strategy, d.Status.ToString(), d.Reason, d.Objective, d.Duration.TotalMilliseconds, d.Inputs, d.Result);

    public static EventView Event(EventRecord e) => new(e.CreatedAt, e.Kind, e.Service, e.Message);

    public static StrategiesView Strategies(GraphStrategies strategies) =>
        new(strategies.PlacementStrategy, strategies.ScalingStrategy, strategies.Weights, strategies.ScalingInterval.TotalSeconds);

    /// <summary>The descriptor's <c>hdaGraph</c> as stored, with the values that carry secrets redacted.</summary>
    private static JsonElement HdaGraph(GraphRecord graph, SecretValues secrets) =>
        secrets.Redact(graph.Descriptor.TryGetProperty("hdaGraph", out var hdaGraph) ? hdaGraph : graph.Descriptor);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

/// <summary>
/// A graph in a list: the original's <c>Graph.to_dict()</c> (name, status, project, grafana, hdaGraph, services) with its
/// placement, and Smo's summary fields.
/// </summary>
/// <param name="ServiceCount">How many services the graph has.</param>
public sealed record GraphListItem(
    string Name, string Status, string Project, string? Grafana, JsonElement HdaGraph, IReadOnlyList<ServiceView> Services,
    IReadOnlyDictionary<string, string> Placement, int ServiceCount, string? FailureReason, DateTimeOffset UpdatedAt);

/// <summary>A graph with its descriptor, strategies, services, latest decisions and events, and its orchestration's state.</summary>
/// <param name="Degraded">While the graph is Degraded: each service a failed cluster holds, the cluster, since when and why; else empty.</param>
public sealed record GraphDetail(
    string Name,
    string Status,
    string Project,
    string? Grafana,
    string? FailureReason,
    IReadOnlyList<DegradedService> Degraded,
    JsonElement HdaGraph,
    IReadOnlyDictionary<string, string> Placement,
    StrategiesView Strategies,
    IReadOnlyList<ServiceView> Services,
    IReadOnlyList<DecisionView> LatestDecisions,
    IReadOnlyList<EventView> Events,
    OrchestrationView? Orchestration);

/// <summary>A graph's strategies and its own weights (term → weight; terms not there take the host's defaults).</summary>
public sealed record StrategiesView(string Placement, string Scaling, IReadOnlyDictionary<string, double> Weights, double ScalingIntervalSeconds);

/// <summary>A recorded decision: what asked for it, the inputs the strategy received, what it chose, and why.</summary>
public sealed record DecisionView(
    DateTimeOffset At, string Kind, string Trigger, string Strategy, string Status, string Reason, IReadOnlyDictionary<string, double> Objective,
    double DurationMs, JsonElement Inputs, JsonElement Result);

public sealed record EventView(DateTimeOffset At, string Kind, string? Service, string Message);

public sealed record OrchestrationView(string InstanceId, string RuntimeStatus, JsonElement? CustomStatus, DateTimeOffset LastUpdatedAt);
