using System.Text.Json.Nodes;

namespace Smo.Adapters.PrometheusRules;

/// <summary>An alert rule for one event of one service of one graph (HDAG <c>trigger.event.events[]</c>).</summary>
/// <param name="Expression">The event's PromQL condition.</param>
/// <param name="For">The grace period, a Prometheus duration such as <c>30s</c> or <c>1m</c>.</param>
public sealed record AlertRule(string Graph, string Service, string EventId, string Expression, string For, string Description)
{
    /// <summary>Unique per graph, service and event, so rules of different graphs never collide.</summary>
    public string Name => $"{Graph}/{Service}/{EventId}";

    /// <summary>
    /// The rule as Smo writes it into the PrometheusRule — the original's shape (alert, expr, for, labels with
    /// severity and service, annotations) with Smo's labels beside — and as the API shows it as a service's <c>alert</c>.
    /// </summary>
    public JsonObject ToPrometheusRule() => new()
    {
        ["alert"] = Name,
        ["expr"] = Expression,
        ["for"] = For,
        ["labels"] = new JsonObject
        {
            [AlertRuleLabels.Severity] = AlertRuleLabels.SeverityValue,
            [AlertRuleLabels.Service] = Service,
            [AlertRuleLabels.Graph] = Graph,
            [AlertRuleLabels.Event] = EventId,
        },
        ["annotations"] = new JsonObject { ["summary"] = Description, ["description"] = Description },
    };
}

/// <summary>Which of Smo's rules to remove: a graph's, a service's, or one event's.</summary>
public sealed record AlertRuleScope(string Graph, string? Service = null, string? EventId = null);

/// <summary>Smo's rules not in place as Smo wrote them, by <see cref="AlertRule.Name"/>.</summary>
/// <param name="Missing">Not in the graph's PrometheusRule (or the object is gone).</param>
/// <param name="Changed">There, but not as Smo wrote them (expression, labels, grace period edited; or duplicated).</param>
public sealed record AlertRuleDrift(IReadOnlyList<string> Missing, IReadOnlyList<string> Changed)
{
    public bool InPlace => Missing.Count == 0 && Changed.Count == 0;
}
