using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Karmada;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.PrometheusRules;

/// <summary>
/// Where Smo keeps its alert rules (section <c>Smo:PrometheusRule</c>): one PrometheusRule per graph in
/// <see cref="Namespace"/>. With no connection of its own, the Karmada API server is used (the original read the
/// default kubeconfig context here by mistake).
/// </summary>
public sealed class PrometheusRuleOptions : KubernetesConnectionOptions
{
    public const string Section = "Smo:PrometheusRule";

    [Required]
    public string Namespace { get; set; } = "monitoring";

    /// <summary>
    /// Labels put on every PrometheusRule Smo creates, beside its own: the Prometheus operator loads only the objects
    /// its <c>ruleSelector</c> matches (kube-prometheus-stack's default selects <c>release: &lt;its release&gt;</c>).
    /// </summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal) { ["release"] = "kube-prometheus-stack" };

    /// <summary>How many times a write that lost a race (409 Conflict) is re-read and re-applied.</summary>
    [Range(0, 50)]
    public int ConflictRetries { get; set; } = 5;

    /// <summary>POST Prometheus's <c>/-/reload</c> after a change (off where the operator's config-reloader does it).</summary>
    public bool ReloadPrometheus { get; set; } = true;

    public ResilienceOptions Resilience { get; set; } = new();
}
