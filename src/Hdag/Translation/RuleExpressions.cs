namespace Smo.Hdag.Translation;

/// <summary>A descriptor's PromQL expression and where it is written.</summary>
/// <param name="Path">The descriptor path, as parse errors give it (<c>hdaGraph.services[1].policies[0].promQuery</c>).</param>
public sealed record RuleExpression(string Path, string Expression);

/// <summary>Every PromQL expression a graph's alert rules will carry: its trigger events' and its policies'.</summary>
public static class RuleExpressions
{
    public static IReadOnlyList<RuleExpression> Of(HdaGraph graph) =>
    [
        .. graph.Services.SelectMany((service, s) => (service.Trigger.Event?.Events ?? []).Select((triggerEvent, e) =>
            new RuleExpression($"hdaGraph.services[{s}].deployment.trigger.event.events[{e}].condition.promQuery", triggerEvent.PromQuery))),
        .. graph.Services.SelectMany((service, s) => service.Policies.Select((policy, p) =>
            new RuleExpression($"hdaGraph.services[{s}].policies[{p}].promQuery", policy.PromQuery))),
    ];
}
