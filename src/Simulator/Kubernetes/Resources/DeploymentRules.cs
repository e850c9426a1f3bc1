using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes.Resources;

/// <summary>apps/v1 Deployment defaulting and the validation Smo can trip over (replicas, selector, containers, quantities).</summary>
public sealed class DeploymentRules : IResourceRules
{
    private const int DefaultReplicas = 1;
    private const int DefaultRevisionHistoryLimit = 10;
    private const int DefaultProgressDeadlineSeconds = 600;
    private const int DefaultTerminationGracePeriodSeconds = 30;
    private const string QuantityPattern = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    public string? DecodeError(JsonObject item)
    {
        foreach (var (_, container) in Containers(item))
        {
            foreach (var section in new[] { "limits", "requests" })
            {
                foreach (var (_, value) in container.ObjectAt("resources", section) ?? [])
                {
                    if (value is not JsonValue v || (!Quantity.TryParse(v.ToString(), out _)))
                    {
                        return $"Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression '{QuantityPattern}'";
                    }
                }
            }
        }
        return null;
    }

    public void ApplyDefaults(JsonObject item)
    {
        var spec = item.Child("spec");
        spec.TryAdd("replicas", DefaultReplicas);
        spec.TryAdd("strategy", new JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
        });
        spec.TryAdd("revisionHistoryLimit", DefaultRevisionHistoryLimit);
        spec.TryAdd("progressDeadlineSeconds", DefaultProgressDeadlineSeconds);
        var podSpec = spec.Child("template").Child("spec");
        podSpec.TryAdd("restartPolicy", "Always");
        podSpec.TryAdd("terminationGracePeriodSeconds", DefaultTerminationGracePeriodSeconds);
        podSpec.TryAdd("dnsPolicy", "ClusterFirst");
        podSpec.TryAdd("securityContext", new JsonObject());
        podSpec.TryAdd("schedulerName", "default-scheduler");
        foreach (var (_, container) in Containers(item))
        {
            NormaliseQuantities(container);
            container.TryAdd("terminationMessagePath", "/dev/termination-log");
            container.TryAdd("terminationMessagePolicy", "File");
            container.TryAdd("imagePullPolicy", "IfNotPresent");
            container.TryAdd("resources", new JsonObject());
        }
    }

    public IReadOnlyList<FieldError> Validate(JsonObject item)
    {
        var errors = new List<FieldError>();
        var replicas = item.IntegerAt(out var replicasValid, "spec", "replicas");
        if (!replicasValid)
        {
            errors.Add(FieldError.Invalid("spec.replicas", item.At("spec", "replicas").Describe(), "must be an integer"));
        }
        else if (replicas < 0)
        {
            errors.Add(FieldError.Invalid("spec.replicas", replicas.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "must be greater than or equal to 0"));
        }
        ValidateSelector(item, errors);
        var containers = Containers(item).ToList();
        if (containers.Count == 0)
        {
            errors.Add(FieldError.Required("spec.template.spec.containers"));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, container) in containers)
        {
            var path = $"spec.template.spec.containers[{index}]";
            var name = container.StringAt("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required($"{path}.name"));
            }
            else if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate($"{path}.name", name));
            }
            if (string.IsNullOrEmpty(container.StringAt("image")))
            {
                errors.Add(FieldError.Required($"{path}.image"));
            }
            ValidateRequestsWithinLimits(container, path, errors);
        }
        return errors;
    }

    /// <summary>Quantities are always JSON strings on the wire, even when a client sent a number; CPU in canonical form ("0.5" → "500m").</summary>
    private static void NormaliseQuantities(JsonObject container)
    {
        foreach (var section in new[] { "limits", "requests" })
        {
            if (container.ObjectAt("resources", section) is { } amounts)
            {
                foreach (var (resource, amount) in amounts.ToList())
                {
                    amounts[resource] = resource == "cpu" && Quantity.TryParse(amount?.ToString(), out var cores)
                        ? Quantity.FormatCpu(cores)
                        : amount?.ToString();
                }
            }
        }
    }

    internal static IEnumerable<(int Index, JsonObject Container)> Containers(JsonObject item) =>
        (item.ArrayAt("spec", "template", "spec", "containers") ?? [])
            .Select((node, index) => (index, node as JsonObject))
            .Where(pair => pair.Item2 is not null)
            .Select(pair => (pair.index, pair.Item2!));

    private static void ValidateSelector(JsonObject item, List<FieldError> errors)
    {
        var matchLabels = item.ObjectAt("spec", "selector", "matchLabels");
        var matchExpressions = item.ArrayAt("spec", "selector", "matchExpressions");
        if (matchLabels is null && matchExpressions is null)
        {
            errors.Add(FieldError.Required("spec.selector"));
            return;
        }
        var templateLabels = item.ObjectAt("spec", "template", "metadata", "labels") ?? [];
        var matches = (matchLabels ?? []).All(pair =>
            templateLabels[pair.Key]?.ToString() is { } value && value == pair.Value?.ToString());
        if (!matches)
        {
            var labels = string.Join(", ", templateLabels.Select(p => $"\"{p.Key}\":\"{p.Value}\""));
            errors.Add(FieldError.Invalid("spec.template.metadata.labels", $"map[string]string{{{labels}}}",
                "`selector` does not match template `labels`"));
        }
    }

    private static void ValidateRequestsWithinLimits(JsonObject container, string path, List<FieldError> errors)
    {
        var limits = container.ObjectAt("resources", "limits");
        var requests = container.ObjectAt("resources", "requests");
        if (limits is null || requests is null)
        {
            return;
        }
        foreach (var (resource, request) in requests)
        {
            if (limits[resource] is { } limit
                && Quantity.TryParse(request?.ToString(), out var requested)
                && Quantity.TryParse(limit.ToString(), out var limited)
                && requested > limited)
            {
                errors.Add(FieldError.Invalid($"{path}.resources.requests", $"\"{request}\"",
                    $"must be less than or equal to {resource} limit of {limit}"));
            }
        }
    }
}
