using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Smo.Adapters.PrometheusRules;

/// <summary>
/// Edits the <c>spec.groups</c> of a PrometheusRule in memory: only Smo's group is touched, other groups and
/// rules that Smo did not write stay exactly as they were.
/// </summary>
internal static partial class SmoAlertGroup
{
    /// <summary>Adds or replaces rules by name; returns whether anything changed.</summary>
    public static bool Upsert(JsonObject prometheusRule, string groupName, IReadOnlyList<AlertRule> rules)
    {
        var group = FindGroup(prometheusRule, groupName, create: true)!;
        var existing = Rules(group);
        var changed = false;
        foreach (var rule in rules)
        {
            var wanted = rule.ToPrometheusRule();
            var same = existing.Where(r => Name(r) == rule.Name).ToList();
            if (same.Count == 1 && JsonNode.DeepEquals(same[0], wanted))
            {
                continue;
            }

            foreach (var duplicate in same)
            {
                existing.Remove(duplicate);
            }

            existing.Add(wanted);
            changed = true;
        }

        return changed;
    }

    /// <summary>Which of <paramref name="rules"/> <see cref="Upsert"/> would add (missing) or replace (changed).</summary>
    public static AlertRuleDrift Compare(JsonObject prometheusRule, string groupName, IReadOnlyList<AlertRule> rules)
    {
        var existing = FindGroup(prometheusRule, groupName, create: false) is { } group ? Rules(group) : new JsonArray();
        List<string> missing = [], changed = [];
        foreach (var rule in rules)
        {
            var same = existing.Where(r => Name(r) == rule.Name).ToList();
            if (same.Count == 0)
            {
                missing.Add(rule.Name);
            }
            else if (same.Count > 1 || !JsonNode.DeepEquals(same[0], rule.ToPrometheusRule()))
            {
                changed.Add(rule.Name);
            }
        }

        return new AlertRuleDrift(missing, changed);
    }

    /// <summary>Removes Smo's rules in <paramref name="scope"/>; returns whether anything changed.</summary>
    public static bool Remove(JsonObject prometheusRule, string groupName, AlertRuleScope scope)
    {
        if (FindGroup(prometheusRule, groupName, create: false) is not { } group)
        {
            return false;
        }

        var rules = Rules(group);
        var doomed = rules.Where(r => r is JsonObject rule && InScope(rule, scope)).ToList();
        foreach (var rule in doomed)
        {
            rules.Remove(rule);
        }

        return doomed.Count > 0;
    }

    /// <exception cref="ArgumentException">A field is empty or the grace period is not a Prometheus duration.</exception>
    public static void Validate(AlertRule rule)
    {
        foreach (var (field, value) in new[] { ("graph", rule.Graph), ("service", rule.Service), ("event id", rule.EventId), ("expression", rule.Expression) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"alert rule {rule.Name}: the {field} is empty", nameof(rule));
            }
        }

        if (!DurationPattern().IsMatch(rule.For) || rule.For.Length == 0)
        {
            throw new ArgumentException($"alert rule {rule.Name}: grace period '{rule.For}' is not a Prometheus duration such as 30s, 1m or 1h30m", nameof(rule));
        }
    }

    private static bool InScope(JsonObject rule, AlertRuleScope scope)
    {
        var labels = rule["labels"] as JsonObject;
        string? Label(string name) => labels?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return Label(AlertRuleLabels.Graph) == scope.Graph
               && (scope.Service is null || Label(AlertRuleLabels.Service) == scope.Service)
               && (scope.EventId is null || Label(AlertRuleLabels.Event) == scope.EventId);
    }

    private static string? Name(JsonNode? rule) =>
        rule?["alert"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;

    private static JsonObject? FindGroup(JsonObject prometheusRule, string groupName, bool create)
    {
        var spec = prometheusRule["spec"] as JsonObject;
        if (spec is null)
        {
            if (!create)
            {
                return null;
            }

            prometheusRule["spec"] = spec = new JsonObject();
        }

        if (spec["groups"] is not JsonArray groups)
        {
            if (!create)
            {
                return null;
            }

            spec["groups"] = groups = new JsonArray();
        }

        var group = groups.OfType<JsonObject>().FirstOrDefault(g => g["name"] is JsonValue name && name.TryGetValue<string>(out var text) && text == groupName);
        if (group is null && create)
        {
            group = new JsonObject { ["name"] = groupName, ["rules"] = new JsonArray() };
            groups.Add(group);
        }

        return group;
    }

    private static JsonArray Rules(JsonObject group)
    {
        if (group["rules"] is not JsonArray rules)
        {
            group["rules"] = rules = new JsonArray();
        }

        return rules;
    }

    // The CRD's duration pattern (monitoring.coreos.com_prometheusrules.yaml).
    [GeneratedRegex("^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$")]
    private static partial Regex DurationPattern();
}
