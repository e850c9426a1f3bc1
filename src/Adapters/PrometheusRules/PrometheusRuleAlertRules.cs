using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Adapters.Karmada;
using Smo.Adapters.Prometheus;

namespace Smo.Adapters.PrometheusRules;

/// <summary>
/// Keeps Smo's alert rules in a PrometheusRule by read-modify-write: the replace carries the resourceVersion that
/// was read, so a concurrent writer makes it fail with 409 and the change is re-applied to a fresh copy.
/// </summary>
public sealed class PrometheusRuleAlertRules(
    PrometheusRuleApi api,
    IOptions<PrometheusRuleOptions> options,
    IPrometheusLifecycle prometheus,
    ILogger<PrometheusRuleAlertRules> logger) : IAlertRules
{
    private const string Group = "monitoring.coreos.com";
    private const string Version = "v1";
    private const string Plural = "prometheusrules";

    private string Target => $"{options.Value.Namespace}/{options.Value.Name}";

    public Task<bool> AddAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken = default)
    {
        foreach (var rule in rules)
        {
            SmoAlertGroup.Validate(rule);
        }

        return UpdateAsync($"add {rules.Count} alert rule(s) to {Target}",
            rule => SmoAlertGroup.Upsert(rule, options.Value.Group, rules), cancellationToken);
    }

    public Task<bool> RemoveAsync(AlertRuleScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope.Graph);
        return UpdateAsync($"remove the alert rules of {scope} from {Target}",
            rule => SmoAlertGroup.Remove(rule, options.Value.Group, scope), cancellationToken);
    }

    private async Task<bool> UpdateAsync(string operation, Func<JsonObject, bool> change, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var current = await KubernetesCall.RunAsync(ExternalSystem.PrometheusRule, operation,
                () => api.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, settings.Namespace, Plural, settings.Name, cancellationToken),
                cancellationToken);
            var rule = JsonNode.Parse(KubernetesObjects.ToElement(current).GetRawText()) as JsonObject
                ?? throw new AdapterException(ExternalSystem.PrometheusRule, operation, AdapterFailure.InvalidResponse, "the PrometheusRule is not a JSON object");
            if (!change(rule))
            {
                return false;
            }

            try
            {
                await KubernetesCall.RunAsync(ExternalSystem.PrometheusRule, operation,
                    () => api.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(rule, Group, Version, settings.Namespace, Plural, settings.Name,
                        cancellationToken: cancellationToken),
                    cancellationToken);
                break;
            }
            catch (AdapterException conflict) when (conflict.Failure == AdapterFailure.Conflict && attempt < settings.ConflictRetries)
            {
                logger.LogInformation("PrometheusRule {Target} changed while Smo updated it; re-reading (attempt {Attempt})", Target, attempt + 1);
            }
        }

        if (settings.ReloadPrometheus)
        {
            await prometheus.ReloadAsync(cancellationToken);
        }

        return true;
    }
}
