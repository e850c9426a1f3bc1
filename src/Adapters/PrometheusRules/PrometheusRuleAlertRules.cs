using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Adapters.Karmada;
using Smo.Adapters.Prometheus;

namespace Smo.Adapters.PrometheusRules;

/// <summary>
/// Keeps each graph's alert rules in a PrometheusRule of its own (<c>smo-&lt;graph&gt;</c> in the configured namespace,
/// one group of the same name): the Prometheus operator loads or skips each object on its own, so a graph's rules can
/// neither break nor be overwritten by another graph's, and no object grows with the fleet. Writes are
/// read-modify-write: the replace carries the resourceVersion that was read, so a concurrent writer makes it fail
/// with 409 and the change is re-applied to a fresh copy. An object of that name Smo did not create is left alone.
/// </summary>
public sealed class PrometheusRuleAlertRules(
    PrometheusRuleApi api,
    IOptions<PrometheusRuleOptions> options,
    IPrometheusLifecycle prometheus,
    ILogger<PrometheusRuleAlertRules> logger) : IAlertRules
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "smo";

    /// <summary>The graph an object holds the rules of (Kubernetes' recommended "part of a larger application" label).</summary>
    public const string GraphLabel = "app.kubernetes.io/part-of";

    private const string Group = "monitoring.coreos.com";
    private const string Version = "v1";
    private const string Plural = "prometheusrules";

    /// <summary>The PrometheusRule (and its group) holding <paramref name="graph"/>'s rules.</summary>
    public static string ObjectName(string graph) => $"smo-{graph}";

    public async Task<bool> AddAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken = default)
    {
        foreach (var rule in rules)
        {
            SmoAlertGroup.Validate(rule);
        }

        var changed = false;
        foreach (var graph in rules.GroupBy(r => r.Graph, StringComparer.Ordinal))
        {
            var mine = graph.ToList();
            changed |= await UpdateAsync(graph.Key, $"add {mine.Count} alert rule(s) to {Target(graph.Key)}",
                rule => SmoAlertGroup.Upsert(rule, ObjectName(graph.Key), mine), createIfMissing: true, cancellationToken);
        }

        return await ReloadIfAsync(changed, cancellationToken);
    }

    public async Task<AlertRuleDrift> DriftAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken = default)
    {
        List<string> missing = [], changed = [];
        foreach (var graph in rules.GroupBy(r => r.Graph, StringComparer.Ordinal))
        {
            var mine = graph.ToList();
            if (await GetAsync(graph.Key, $"read the alert rules of {Target(graph.Key)}", cancellationToken) is not { } rule)
            {
                missing.AddRange(mine.Select(r => r.Name));
                continue;
            }

            var drift = SmoAlertGroup.Compare(rule, ObjectName(graph.Key), mine);
            missing.AddRange(drift.Missing);
            changed.AddRange(drift.Changed);
        }

        return new AlertRuleDrift(missing, changed);
    }

    public async Task<bool> RemoveAsync(AlertRuleScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope.Graph);
        var changed = scope.Service is null
            ? await DeleteAsync(scope.Graph, cancellationToken)
            : await UpdateAsync(scope.Graph, $"remove the alert rules of {scope} from {Target(scope.Graph)}",
                rule => SmoAlertGroup.Remove(rule, ObjectName(scope.Graph), scope), createIfMissing: false, cancellationToken);
        return await ReloadIfAsync(changed, cancellationToken);
    }

    private string Target(string graph) => $"{options.Value.Namespace}/{ObjectName(graph)}";

    private async Task<bool> UpdateAsync(string graph, string operation, Func<JsonObject, bool> change, bool createIfMissing, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(graph, operation, cancellationToken);
            var rule = current ?? (createIfMissing ? NewObject(graph) : null);
            if (rule is null || !change(rule))
            {
                return false;
            }

            try
            {
                await KubernetesCall.RunAsync(ExternalSystem.PrometheusRule, operation, () => current is null
                        ? api.Client.CustomObjects.CreateNamespacedCustomObjectAsync(rule, Group, Version, settings.Namespace, Plural, cancellationToken: cancellationToken)
                        : api.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(rule, Group, Version, settings.Namespace, Plural, ObjectName(graph),
                            cancellationToken: cancellationToken),
                    cancellationToken);
                return true;
            }
            catch (AdapterException conflict) when (conflict.Failure == AdapterFailure.Conflict && attempt < settings.ConflictRetries)
            {
                // Replaced or created by someone else since it was read: start again from what is stored now.
                logger.LogInformation("PrometheusRule {Target} changed while Smo updated it; re-reading (attempt {Attempt})", Target(graph), attempt + 1);
            }
        }
    }

    private async Task<bool> DeleteAsync(string graph, CancellationToken cancellationToken)
    {
        var operation = $"delete {Target(graph)}";
        if (await GetAsync(graph, operation, cancellationToken) is not { } current)
        {
            return false;
        }

        try
        {
            // The uid precondition: an object that was deleted and re-created since it was read is not deleted blind.
            var preconditions = new V1Preconditions { Uid = current["metadata"]?["uid"]?.GetValue<string>() };
            await KubernetesCall.RunAsync(ExternalSystem.PrometheusRule, operation,
                () => api.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, options.Value.Namespace, Plural, ObjectName(graph),
                    new V1DeleteOptions { Preconditions = preconditions }, cancellationToken: cancellationToken),
                cancellationToken);
            return true;
        }
        catch (AdapterException gone) when (gone.Failure == AdapterFailure.NotFound)
        {
            return false;
        }
    }

    /// <summary>The graph's object as stored, null when there is none; an object of that name Smo did not write is refused.</summary>
    private async Task<JsonObject?> GetAsync(string graph, string operation, CancellationToken cancellationToken)
    {
        object stored;
        try
        {
            stored = await KubernetesCall.RunAsync(ExternalSystem.PrometheusRule, operation,
                () => api.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, options.Value.Namespace, Plural, ObjectName(graph), cancellationToken),
                cancellationToken);
        }
        catch (AdapterException missing) when (missing.Failure == AdapterFailure.NotFound)
        {
            return null;
        }

        var rule = JsonNode.Parse(KubernetesObjects.ToElement(stored).GetRawText()) as JsonObject
            ?? throw new AdapterException(ExternalSystem.PrometheusRule, operation, AdapterFailure.InvalidResponse, "the PrometheusRule is not a JSON object");
        var labels = rule["metadata"]?["labels"] as JsonObject;
        if (Label(labels, ManagedByLabel) != ManagedBy || Label(labels, GraphLabel) != graph)
        {
            throw new AdapterException(ExternalSystem.PrometheusRule, operation, AdapterFailure.Conflict,
                $"PrometheusRule {Target(graph)} exists and is not Smo's for graph '{graph}' (labels {ManagedByLabel}={ManagedBy}, {GraphLabel}={graph}); Smo leaves it alone");
        }

        return rule;
    }

    private JsonObject NewObject(string graph)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in options.Value.Labels)
        {
            labels[key] = value;
        }

        labels[ManagedByLabel] = ManagedBy;
        labels[GraphLabel] = graph;
        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "PrometheusRule",
            ["metadata"] = new JsonObject { ["name"] = ObjectName(graph), ["namespace"] = options.Value.Namespace, ["labels"] = labels },
            ["spec"] = new JsonObject { ["groups"] = new JsonArray() },
        };
    }

    private static string? Label(JsonObject? labels, string key) =>
        labels?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private async Task<bool> ReloadIfAsync(bool changed, CancellationToken cancellationToken)
    {
        if (changed && options.Value.ReloadPrometheus)
        {
            await prometheus.ReloadAsync(cancellationToken);
        }

        return changed;
    }
}
