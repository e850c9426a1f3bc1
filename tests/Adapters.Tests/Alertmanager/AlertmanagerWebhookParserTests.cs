using System.Text.Json.Nodes;
using Smo.Adapters.Alertmanager;

namespace Smo.Adapters.Tests.Alertmanager;

public sealed class AlertmanagerWebhookParserTests
{
    private static readonly string[] Service = ["service"];

    // The version-4 body of protocols.md §7.
    private static JsonObject Body() => JsonNode.Parse("""
        {"receiver":"smo","status":"firing",
         "alerts":[{"status":"firing",
           "labels":{"alertname":"main-event","service":"noise-reduction","severity":"critical"},
           "annotations":{"summary":"High request rate on noise-reduction"},
           "startsAt":"2025-05-13T15:48:28.123456789Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus.monitoring:9090/graph?g0.expr=x","fingerprint":"c6eadffa33fcdf37"}],
         "groupLabels":{"alertname":"main-event"},
         "commonLabels":{"alertname":"main-event","service":"noise-reduction","severity":"critical"},
         "commonAnnotations":{"summary":"High request rate on noise-reduction"},
         "externalURL":"http://alertmanager.monitoring:9093",
         "version":"4","groupKey":"{}:{alertname=\"main-event\"}","truncatedAlerts":0,"routeLabels":{}}
        """)!.AsObject();

    private static WebhookParseResult Parse(JsonObject body) => AlertmanagerWebhookParser.Parse(body.ToJsonString(), Service);

    [Fact]
    public void Parse_reads_a_version_4_webhook()
    {
        var result = Parse(Body());

        Assert.True(result.IsValid);
        var alert = Assert.Single(result.Webhook!.Alerts);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("main-event", alert.AlertName);
        Assert.Equal("noise-reduction", alert.Labels["service"]);
        Assert.Equal(new DateTimeOffset(2025, 5, 13, 15, 48, 28, TimeSpan.Zero).AddTicks(1234567), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal("smo", result.Webhook.Receiver);
    }

    [Fact]
    public void Parse_reads_the_end_time_of_a_resolved_alert()
    {
        var body = Body();
        body["status"] = "resolved";
        body["alerts"]![0]!["status"] = "resolved";
        body["alerts"]![0]!["endsAt"] = "2025-05-13T15:50:00+02:00";

        var alert = Assert.Single(Parse(body).Webhook!.Alerts);

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(new DateTimeOffset(2025, 5, 13, 13, 50, 0, TimeSpan.Zero), alert.EndsAt);
    }

    [Theory]
    [InlineData("alerts[0].labels", "missing")]
    [InlineData("alerts[0].labels.service", "missing; every alert must carry it")]
    [InlineData("alerts[0].labels.alertname", "missing; every alert must carry it")]
    [InlineData("version", "'3' is not supported")]
    [InlineData("alerts[0].status", "'pending' is not 'firing' or 'resolved'")]
    [InlineData("alerts[0].startsAt", "'yesterday' is not an RFC 3339 time")]
    [InlineData("alerts", "expected an array, got Object")]
    public void Parse_names_the_field_and_the_reason_of_each_problem(string field, string reason)
    {
        var body = Body();
        var alert = body["alerts"]![0]!.AsObject();
        switch (field)
        {
            case "alerts[0].labels": alert.Remove("labels"); break;
            case "alerts[0].labels.service": alert["labels"]!.AsObject().Remove("service"); break;
            case "alerts[0].labels.alertname": alert["labels"]!.AsObject().Remove("alertname"); break;
            case "version": body["version"] = "3"; break;
            case "alerts[0].status": alert["status"] = "pending"; break;
            case "alerts[0].startsAt": alert["startsAt"] = "yesterday"; break;
            case "alerts": body["alerts"] = new JsonObject(); break;
        }

        var result = Parse(body);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Parse_reports_every_problem_at_once()
    {
        var body = Body();
        body.Remove("receiver");
        body["alerts"]![0]!["labels"]!.AsObject().Remove("service");
        body["alerts"]![0]!["labels"]!["severity"] = 3;

        var result = Parse(body);

        Assert.Equal(["alerts[0].labels.service", "alerts[0].labels.severity", "receiver"], result.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void Parse_refuses_an_alert_for_a_service_smo_does_not_know()
    {
        var known = new HashSet<string> { "image-detection" };

        var result = AlertmanagerWebhookParser.Parse(Body().ToJsonString(), knownServices: known);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("alerts[0].labels.service", error.Field);
        Assert.Equal("'noise-reduction' is not a service of any graph Smo deployed", error.Reason);
    }

    [Fact]
    public void Parse_with_known_services_requires_the_service_label()
    {
        var body = Body();
        body["alerts"]![0]!["labels"]!.AsObject().Remove("service");

        var result = AlertmanagerWebhookParser.Parse(body.ToJsonString(), knownServices: new HashSet<string> { "noise-reduction" });

        Assert.Equal("alerts[0].labels.service", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_accepts_an_alert_for_a_known_service()
    {
        var result = AlertmanagerWebhookParser.Parse(Body().ToJsonString(), knownServices: new HashSet<string> { "noise-reduction" });

        Assert.True(result.IsValid);
        Assert.Equal("noise-reduction", Assert.Single(result.Webhook!.Alerts).Labels["service"]);
    }

    [Fact]
    public void ParseDocument_accepts_alerts_without_alertname_or_service_and_leaves_them_to_the_receiver()
    {
        var body = Body();
        body["alerts"]![0]!["labels"] = new JsonObject { ["severity"] = "critical" };

        var result = AlertmanagerWebhookParser.ParseDocument(body.ToJsonString());

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var alert = Assert.Single(result.Webhook!.Alerts);
        Assert.Null(alert.AlertName);
        Assert.False(alert.Labels.ContainsKey("service"));
    }

    [Fact]
    public void ParseDocument_still_refuses_an_alert_that_is_not_as_alertmanager_writes_it()
    {
        var body = Body();
        body["alerts"]![0]!["labels"] = new JsonObject { ["service"] = 3 };

        var result = AlertmanagerWebhookParser.ParseDocument(body.ToJsonString());

        Assert.Equal("alerts[0].labels.service", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    public void Parse_refuses_a_body_that_is_not_a_json_object(string body, string reason)
    {
        var result = AlertmanagerWebhookParser.Parse(body);

        Assert.Equal("$", Assert.Single(result.Errors).Field);
        Assert.Contains(reason, result.Errors[0].Reason);
    }
}
