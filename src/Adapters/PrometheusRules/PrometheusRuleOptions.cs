using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Karmada;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.PrometheusRules;

/// <summary>
/// The PrometheusRule object holding Smo's alert rules (section <c>Smo:PrometheusRule</c>). With no connection of
/// its own, the Karmada API server is used (the original read the default kubeconfig context here by mistake).
/// </summary>
public sealed class PrometheusRuleOptions : KubernetesConnectionOptions
{
    public const string Section = "Smo:PrometheusRule";

    [Required]
    public string Namespace { get; set; } = "monitoring";

    [Required]
    public string Name { get; set; } = "kube-prometheus-stack-0";

    [Required]
    public string Group { get; set; } = "smo-alerts";

    /// <summary>How many times a write that lost a race (409 Conflict) is re-read and re-applied.</summary>
    [Range(0, 50)]
    public int ConflictRetries { get; set; } = 5;

    /// <summary>POST Prometheus's <c>/-/reload</c> after a change (off where the operator's config-reloader does it).</summary>
    public bool ReloadPrometheus { get; set; } = true;

    public ResilienceOptions Resilience { get; set; } = new();
}
