using Microsoft.Extensions.Options;
using Smo.Adapters.Karmada;

namespace Smo.Adapters.PrometheusRules;

/// <summary>The API server holding the PrometheusRule: its own connection when configured, else Karmada's.</summary>
public sealed class PrometheusRuleApi(IOptions<PrometheusRuleOptions> rule, IOptions<KarmadaOptions> karmada)
    : KubernetesApi(ExternalSystem.PrometheusRule,
        () => rule.Value.IsConfigured ? rule.Value : karmada.Value,
        () => rule.Value.Resilience);
