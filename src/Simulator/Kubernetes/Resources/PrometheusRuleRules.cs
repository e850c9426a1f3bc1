using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Smo.Simulator.Kubernetes.Resources;

/// <summary>
/// The PrometheusRule CRD schema (group names required and unique, expr required, duration patterns) plus the
/// operator webhook's one-of alert/record check.
/// </summary>
public sealed partial class PrometheusRuleRules : IResourceRules
{
    private const string DurationPattern =
        "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$";

    private static readonly string[] GroupDurations = ["interval", "query_offset"];
    private static readonly string[] RuleDurations = ["for", "keep_firing_for"];

    [GeneratedRegex(DurationPattern)]
    private static partial Regex Duration();

    public string? DecodeError(JsonObject item) => null;

    public void ApplyDefaults(JsonObject item)
    {
    }

    public IReadOnlyList<FieldError> Validate(JsonObject item)
    {
        var errors = new List<FieldError>();
        var spec = item["spec"];
        if (spec is not JsonObject)
        {
            errors.Add(spec is null ? FieldError.Required("spec") : TypeError("spec", spec, "object"));
            return errors;
        }
        var groups = spec["groups"];
        if (groups is null)
        {
            return errors;
        }
        if (groups is not JsonArray groupArray)
        {
            errors.Add(TypeError("spec.groups", groups, "array"));
            return errors;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < groupArray.Count; g++)
        {
            var path = $"spec.groups[{g}]";
            if (groupArray[g] is not JsonObject group)
            {
                errors.Add(TypeError(path, groupArray[g], "object"));
                continue;
            }
            var name = group.StringAt("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required($"{path}.name"));
            }
            else if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(path, $"map[string]interface {{}}{{\"name\":\"{name}\"}}"));
            }
            CheckDurations(group, path, GroupDurations, errors);
            ValidateRules(group["rules"], $"{path}.rules", errors);
        }
        return errors;
    }

    private static void ValidateRules(JsonNode? rules, string path, List<FieldError> errors)
    {
        if (rules is null)
        {
            return;
        }
        if (rules is not JsonArray ruleArray)
        {
            errors.Add(TypeError(path, rules, "array"));
            return;
        }
        for (var r = 0; r < ruleArray.Count; r++)
        {
            var rulePath = $"{path}[{r}]";
            if (ruleArray[r] is not JsonObject rule)
            {
                errors.Add(TypeError(rulePath, ruleArray[r], "object"));
                continue;
            }
            if (rule["expr"] is null)
            {
                errors.Add(FieldError.Required($"{rulePath}.expr"));
            }
            var isAlert = !string.IsNullOrEmpty(rule.StringAt("alert"));
            var isRecord = !string.IsNullOrEmpty(rule.StringAt("record"));
            if (isAlert == isRecord)
            {
                errors.Add(FieldError.Invalid(rulePath, rule.ToJsonString(WireJson.Options), "exactly one of alert and record must be set"));
            }
            CheckDurations(rule, rulePath, RuleDurations, errors);
        }
    }

    private static void CheckDurations(JsonObject owner, string path, IEnumerable<string> fields, List<FieldError> errors)
    {
        foreach (var field in fields)
        {
            if (owner[field] is { } value && (value.KindName() != "string" || !Duration().IsMatch(value.ToString())))
            {
                errors.Add(FieldError.Invalid($"{path}.{field}", value.Describe(),
                    $"{path}.{field} in body should match '{DurationPattern}'"));
            }
        }
    }

    private static FieldError TypeError(string path, JsonNode? value, string expected) =>
        FieldError.Invalid(path, $"\"{value.KindName()}\"", $"{path} in body must be of type {expected}: \"{value.KindName()}\"");
}
