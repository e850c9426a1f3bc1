using Smo.Adapters.PrometheusRules;
using Smo.Store.Graphs;

namespace Smo.Functions.Alerts;

/// <summary>The alert rules a graph must have in place: those of its services' trigger events and operational policies.</summary>
public static class GraphAlertRules
{
    public static IReadOnlyList<AlertRule> Of(GraphRecord graph) =>
        [.. graph.Services.SelectMany(s => s.AlertRules.Select(r => new AlertRule(graph.Name, s.Name, r.EventId, r.Expression, r.For, r.Description)))];
}
