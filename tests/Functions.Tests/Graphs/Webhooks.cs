using System.Globalization;
using System.Text.Json.Serialization;

namespace Smo.Functions.Tests.Graphs;

/// <summary>Alertmanager webhook bodies (version 4) for Smo's rules, as Alertmanager writes them.</summary>
public static class Webhooks
{
    public const string FirstFiring = "2026-11-23T10:00:00Z";

    /// <param name="fingerprint">Alertmanager's id of the alert: firings of two rules differ in it.</param>
    /// <param name="startsAt">When the alert began firing: a new value is a new occurrence of the alert.</param>
    public static object Firing(string graph, string alert, string service, string fingerprint = "0123456789abcdef", string startsAt = FirstFiring) =>
        Notification(Alert(Labels(graph, alert, service), fingerprint: fingerprint, startsAt: startsAt));

    /// <summary>The notification Alertmanager sends once the firing that began at <paramref name="startsAt"/> has ended.</summary>
    public static object Resolved(string graph, string alert, string service, string fingerprint = "0123456789abcdef", string startsAt = FirstFiring) =>
        Notification(Alert(Labels(graph, alert, service), "resolved", fingerprint, startsAt));

    /// <summary>The labels of a Smo rule; a null <paramref name="service"/> leaves that label out.</summary>
    public static Dictionary<string, string> Labels(string graph, string alert, string? service)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = alert, ["smo_graph"] = graph, ["severity"] = "critical" };
        if (service is not null)
        {
            labels["service"] = service;
        }

        return labels;
    }

    /// <summary>One entry of <c>alerts[]</c>; a resolved one ends a minute after it began.</summary>
    public static WebhookAlert Alert(IReadOnlyDictionary<string, string> labels, string status = "firing", string fingerprint = "0123456789abcdef", string startsAt = FirstFiring) =>
        new(status, labels, new Dictionary<string, string>(), startsAt,
            status == "resolved" ? DateTimeOffset.Parse(startsAt, CultureInfo.InvariantCulture).AddMinutes(1).ToString("O", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z",
            "http://prometheus:9090/graph", fingerprint);

    /// <summary>A notification of these alerts: firing while any of them fires, as Alertmanager sets it.</summary>
    public static object Notification(params WebhookAlert[] alerts) => new
    {
        version = "4",
        groupKey = "{}:{alertname=\"smo\"}",
        truncatedAlerts = 0,
        status = alerts.Any(a => a.Status == "firing") ? "firing" : "resolved",
        receiver = "smo",
        groupLabels = new Dictionary<string, string>(),
        commonLabels = new Dictionary<string, string>(),
        commonAnnotations = new Dictionary<string, string>(),
        externalURL = "http://alertmanager:9093",
        alerts,
    };
}

/// <summary>An alert as Alertmanager writes it into a webhook, field names and all.</summary>
public sealed record WebhookAlert(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("endsAt")] string EndsAt,
    [property: JsonPropertyName("generatorURL")] string GeneratorUrl,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);
