namespace Smo.Adapters.PrometheusRules;

/// <summary>
/// Labels Smo puts on its rules. They travel with the alert into the Alertmanager webhook, which is how the
/// webhook finds the graph and service again; <c>service</c> and <c>severity</c> keep the original's names.
/// </summary>
public static class AlertRuleLabels
{
    public const string Service = "service";
    public const string Severity = "severity";
    public const string Graph = "smo_graph";
    public const string Event = "smo_event";
    public const string SeverityValue = "critical";
}
