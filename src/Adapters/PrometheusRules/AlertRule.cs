namespace Smo.Adapters.PrometheusRules;

/// <summary>An alert rule for one event of one service of one graph (HDAG <c>trigger.event.events[]</c>).</summary>
/// <param name="Expression">The event's PromQL condition.</param>
/// <param name="For">The grace period, a Prometheus duration such as <c>30s</c> or <c>1m</c>.</param>
public sealed record AlertRule(string Graph, string Service, string EventId, string Expression, string For, string Description)
{
    /// <summary>Unique per graph, service and event, so rules of different graphs never collide.</summary>
    public string Name => $"{Graph}/{Service}/{EventId}";
}

/// <summary>Which of Smo's rules to remove: a graph's, a service's, or one event's.</summary>
public sealed record AlertRuleScope(string Graph, string? Service = null, string? EventId = null);
