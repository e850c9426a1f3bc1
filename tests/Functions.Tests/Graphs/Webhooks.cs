using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>Alertmanager webhook bodies (version 4) for a firing Smo rule.</summary>
public static class Webhooks
{
    /// <param name="fingerprint">Alertmanager's id of the alert: firings of two rules differ in it.</param>
    /// <param name="startsAt">When the alert began firing: a new value is a new occurrence of the alert.</param>
    public static object Firing(string graph, string alert, string service, string fingerprint = "0123456789abcdef", string startsAt = "2026-11-23T10:00:00Z") => new
    {
        version = "4",
        groupKey = "{}:{alertname=\"" + alert + "\"}",
        truncatedAlerts = 0,
        status = "firing",
        receiver = "smo",
        groupLabels = new Dictionary<string, string> { ["alertname"] = alert },
        commonLabels = new Dictionary<string, string> { ["alertname"] = alert, ["service"] = service, ["smo_graph"] = graph },
        commonAnnotations = new Dictionary<string, string>(),
        externalURL = "http://alertmanager:9093",
        alerts = new[]
        {
            new
            {
                status = "firing",
                labels = new Dictionary<string, string> { ["alertname"] = alert, ["service"] = service, ["smo_graph"] = graph, ["severity"] = "critical" },
                annotations = new Dictionary<string, string>(),
                startsAt,
                endsAt = "0001-01-01T00:00:00Z",
                generatorURL = "http://prometheus:9090/graph",
                fingerprint,
            },
        },
    };
}
