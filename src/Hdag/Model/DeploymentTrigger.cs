using System.Text.Json.Serialization;

namespace Smo.Hdag;

/// <summary>
/// <c>deployment.trigger</c>: deployed with the graph (<c>auto</c>, after its dependencies) or when Prometheus
/// conditions hold (<c>event</c>). Exactly one of the two is set in a valid descriptor.
/// </summary>
/// <param name="Dependencies">Services that must be deployed first (<c>auto.dependencies</c>).</param>
/// <param name="Event">The conditions of a conditional service; null for <c>auto</c>.</param>
public sealed record DeploymentTrigger(IReadOnlyList<string> Dependencies, EventTrigger? Event)
{
    public static DeploymentTrigger Automatic(IReadOnlyList<string> dependencies) => new(dependencies, null);

    public static DeploymentTrigger OnEvent(EventTrigger trigger) => new([], trigger);
}

/// <summary><c>trigger.event</c>: the events whose alerts deploy the service.</summary>
public sealed record EventTrigger(EventCombination Combination, IReadOnlyList<TriggerEvent> Events)
{
    /// <summary>
    /// Extension (<c>uninstallAfterResolved</c>): uninstall the service once every alert that installed it has been
    /// resolved for this long; null keeps it installed, as the original did.
    /// </summary>
    public TimeSpan? UninstallAfterResolved { get; init; }
}

/// <summary><c>trigger.event.condition</c>: whether any one event or all of them must fire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventCombination>))]
public enum EventCombination
{
    Any,
    All,
}

/// <summary>One event: a PromQL condition that becomes a Prometheus alert rule named after the event.</summary>
/// <param name="Id">The alert name.</param>
/// <param name="PromQuery">The alert expression (<c>condition.promQuery</c>).</param>
public sealed record TriggerEvent(string Id, string PromQuery)
{
    /// <summary>Prometheus duration the condition must hold (<c>condition.gracePeriod</c>, the rule's <c>for</c>).</summary>
    public string? GracePeriod { get; init; }

    public string? Description { get; init; }

    /// <summary>Extension: the alert's <c>severity</c> label; null means the default (the original always used <c>critical</c>).</summary>
    public string? Severity { get; init; }

    /// <summary>Informational: which service metric the event watches; not checked against the graph (the original's own demo names a service outside it).</summary>
    public IReadOnlyList<EventSource> Sources { get; init; } = [];
}

/// <summary><c>events[].source[]</c> entry.</summary>
public sealed record EventSource(string? ServiceId, string? MetricId);
