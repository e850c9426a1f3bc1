using System.Text.Json;

namespace Smo.Adapters.Alertmanager;

/// <summary>
/// Reads and validates an Alertmanager webhook body. All problems are collected, each with the field's JSON path,
/// so the receiver can answer 400 with every reason at once. Unknown fields are ignored, as Alertmanager asks.
/// </summary>
public static class AlertmanagerWebhookParser
{
    public const string SupportedVersion = "4";
    public const string AlertNameLabel = "alertname";
    public const string ServiceLabel = "service";

    /// <param name="requiredLabels">Labels every alert must carry besides <c>alertname</c>.</param>
    /// <param name="knownServices">When given, every alert's <c>service</c> label is required and must name one of these.</param>
    public static WebhookParseResult Parse(string body, IReadOnlyCollection<string>? requiredLabels = null,
        IReadOnlySet<string>? knownServices = null) =>
        Parse(body, [.. (requiredLabels ?? []).Prepend(AlertNameLabel).Concat(knownServices is null ? [] : [ServiceLabel]).Distinct()], knownServices);

    /// <summary>
    /// The document as Alertmanager writes it, with no label required of any alert: for a receiver that decides
    /// about each alert's labels itself, so one foreign alert does not refuse the others.
    /// </summary>
    public static WebhookParseResult ParseDocument(string body) => Parse(body, [], knownServices: null);

    private static WebhookParseResult Parse(string body, IReadOnlyList<string> required, IReadOnlySet<string>? knownServices)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return Failed(new WebhookFieldError("$", $"not valid JSON: {exception.Message}"));
        }

        using (document)
        {
            var errors = new List<WebhookFieldError>();
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed(new WebhookFieldError("$", $"expected a JSON object, got {root.ValueKind}"));
            }

            var reader = new FieldReader(errors);
            var version = reader.String(root, "version", "version");
            if (version is not null && version != SupportedVersion)
            {
                errors.Add(new WebhookFieldError("version", $"'{version}' is not supported; Alertmanager webhooks of version {SupportedVersion} are"));
            }

            var status = reader.Status(root, "status", "status");
            var alerts = new List<AlertmanagerAlert>();
            if (reader.Required(root, "alerts", "alerts", JsonValueKind.Array) is { } alertArray)
            {
                var index = 0;
                foreach (var alert in alertArray.EnumerateArray())
                {
                    if (ReadAlert(alert, $"alerts[{index++}]", reader, required, knownServices) is { } read)
                    {
                        alerts.Add(read);
                    }
                }
            }

            var webhook = new AlertmanagerWebhook(
                version ?? "",
                reader.OptionalString(root, "groupKey", "groupKey") ?? "",
                reader.OptionalInt(root, "truncatedAlerts", "truncatedAlerts"),
                reader.String(root, "receiver", "receiver") ?? "",
                status ?? AlertStatus.Firing,
                alerts,
                reader.Labels(root, "groupLabels", "groupLabels", required: false),
                reader.Labels(root, "commonLabels", "commonLabels", required: false),
                reader.Labels(root, "commonAnnotations", "commonAnnotations", required: false),
                reader.OptionalString(root, "externalURL", "externalURL"));
            return errors.Count == 0 ? new WebhookParseResult(webhook, []) : new WebhookParseResult(null, errors);
        }
    }

    private static AlertmanagerAlert? ReadAlert(JsonElement alert, string path, FieldReader reader, IReadOnlyList<string> requiredLabels,
        IReadOnlySet<string>? knownServices)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            reader.Errors.Add(new WebhookFieldError(path, $"expected an object, got {alert.ValueKind}"));
            return null;
        }

        var before = reader.Errors.Count;
        var status = reader.Status(alert, "status", $"{path}.status");
        var labels = reader.Labels(alert, "labels", $"{path}.labels", required: true);
        var labelsReadable = alert.TryGetProperty("labels", out var labelObject) && labelObject.ValueKind == JsonValueKind.Object;
        foreach (var label in requiredLabels)
        {
            if (labelsReadable && (!labels.TryGetValue(label, out var value) || value.Length == 0))
            {
                reader.Errors.Add(new WebhookFieldError($"{path}.labels.{label}", "missing; every alert must carry it"));
            }
        }

        if (knownServices is not null && labels.TryGetValue(ServiceLabel, out var service) && service.Length > 0 && !knownServices.Contains(service))
        {
            reader.Errors.Add(new WebhookFieldError($"{path}.labels.{ServiceLabel}", $"'{service}' is not a service of any graph Smo deployed"));
        }

        var startsAt = reader.Time(alert, "startsAt", $"{path}.startsAt", required: true);
        var endsAt = reader.Time(alert, "endsAt", $"{path}.endsAt", required: false);
        var annotations = reader.Labels(alert, "annotations", $"{path}.annotations", required: false);
        if (reader.Errors.Count > before)
        {
            return null;
        }

        return new AlertmanagerAlert(status!.Value, labels, annotations, startsAt!.Value,
            endsAt is { Year: > 1 } ends ? ends : null,
            reader.OptionalString(alert, "generatorURL", $"{path}.generatorURL"),
            reader.OptionalString(alert, "fingerprint", $"{path}.fingerprint"));
    }

    private static WebhookParseResult Failed(WebhookFieldError error) => new(null, [error]);

    private sealed class FieldReader(List<WebhookFieldError> errors)
    {
        public List<WebhookFieldError> Errors { get; } = errors;

        public JsonElement? Required(JsonElement parent, string name, string path, JsonValueKind kind)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Errors.Add(new WebhookFieldError(path, "missing"));
                return null;
            }

            if (value.ValueKind != kind)
            {
                Errors.Add(new WebhookFieldError(path, $"expected {Describe(kind)}, got {value.ValueKind}"));
                return null;
            }

            return value;
        }

        public string? String(JsonElement parent, string name, string path) => Required(parent, name, path, JsonValueKind.String)?.GetString();

        public string? OptionalString(JsonElement parent, string name, string path) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? Required(parent, name, path, JsonValueKind.String)?.GetString()
                : null;

        public int OptionalInt(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return 0;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0)
            {
                return number;
            }

            Errors.Add(new WebhookFieldError(path, "expected a non-negative integer"));
            return 0;
        }

        public AlertStatus? Status(JsonElement parent, string name, string path) => String(parent, name, path) switch
        {
            null => null,
            "firing" => AlertStatus.Firing,
            "resolved" => AlertStatus.Resolved,
            var other => Invalid(path, $"'{other}' is not 'firing' or 'resolved'"),
        };

        public IReadOnlyDictionary<string, string> Labels(JsonElement parent, string name, string path, bool required)
        {
            var map = new Dictionary<string, string>();
            if (!required && (!parent.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null))
            {
                return map;
            }

            if (Required(parent, name, path, JsonValueKind.Object) is not { } labels)
            {
                return map;
            }

            foreach (var label in labels.EnumerateObject())
            {
                if (label.Value.ValueKind == JsonValueKind.String)
                {
                    map[label.Name] = label.Value.GetString()!;
                }
                else
                {
                    Errors.Add(new WebhookFieldError($"{path}.{label.Name}", $"expected a string, got {label.Value.ValueKind}"));
                }
            }

            return map;
        }

        public DateTimeOffset? Time(JsonElement parent, string name, string path, bool required)
        {
            var text = required ? String(parent, name, path) : OptionalString(parent, name, path);
            if (text is null)
            {
                return null;
            }

            if (Rfc3339.TryParse(text, out var time))
            {
                return time;
            }

            Errors.Add(new WebhookFieldError(path, $"'{text}' is not an RFC 3339 time"));
            return null;
        }

        private AlertStatus? Invalid(string path, string reason)
        {
            Errors.Add(new WebhookFieldError(path, reason));
            return null;
        }

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            JsonValueKind.String => "a string",
            _ => kind.ToString(),
        };
    }
}
