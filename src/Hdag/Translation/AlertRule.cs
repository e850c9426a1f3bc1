namespace Smo.Hdag.Translation;

/// <summary>A Prometheus alerting rule as it goes into the rule group (<c>alert</c>, <c>expr</c>, <c>for</c>, labels, annotations).</summary>
/// <param name="ServiceId">The service the alert acts on (also its <c>service</c> label).</param>
/// <param name="For">Prometheus duration, or null for "fire at once".</param>
public sealed record AlertRule(
    string ServiceId,
    string Alert,
    string Expr,
    string? For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>Builds the alert rules a graph needs: one per trigger event of a conditional service, one per operational policy.</summary>
public static class AlertRules
{
    /// <summary>The severity the original put on every rule.</summary>
    public const string DefaultSeverity = "critical";

    public const string ServiceLabel = "service";
    public const string SeverityLabel = "severity";

    /// <summary>Not in the original: alert names and service ids repeat across graphs, the graph label tells them apart.</summary>
    public const string GraphLabel = "graph";

    /// <summary>On policy rules only: what the alert asks Smo to do (<c>offload</c>, <c>migrate</c>).</summary>
    public const string ActionLabel = "action";

    public static IReadOnlyList<AlertRule> Of(HdaGraph graph) =>
    [
        .. from service in graph.Services
           from triggerEvent in service.Trigger.Event?.Events ?? []
           select Rule(graph, service, triggerEvent.Id, triggerEvent.PromQuery, triggerEvent.GracePeriod, triggerEvent.Severity, triggerEvent.Description, action: null),
        .. from service in graph.Services
           from policy in service.Policies
           select Rule(graph, service, policy.Id, policy.PromQuery, policy.GracePeriod, severity: null, description: null, policy.Action),
    ];

    private static AlertRule Rule(HdaGraph graph, HdaService service, string name, string expr, string? duration, string? severity, string? description, PolicyAction? action)
    {
        var labels = new Dictionary<string, string>
        {
            [ServiceLabel] = service.Id,
            [SeverityLabel] = severity ?? DefaultSeverity,
            [GraphLabel] = graph.Id,
        };
        if (action is { } policyAction)
        {
            labels[ActionLabel] = policyAction.ToString().ToLowerInvariant();
        }

        // The original repeats the description as the summary.
        var annotations = description is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["description"] = description, ["summary"] = description };
        return new AlertRule(service.Id, name, expr, duration, labels, annotations);
    }
}
