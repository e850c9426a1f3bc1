using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A webhook Alertmanager cannot have written is refused whole before anything is recorded: an alert whose delivery
/// cannot be recorded (a fingerprint longer than the store keeps, or with a NUL; no start time) makes it a 400 naming
/// the alert, and the other alerts of the same webhook are not recorded or acted on either — sent alone afterwards,
/// they count as new. (An alert Smo merely does not know is skipped instead: see <see cref="PerAlertWebhookTests"/>.)
/// </summary>
public sealed class WebhookRefusalTests
{
    private const string Graph = "shop-demo";

    [Theory]
    [InlineData("fingerprint", "\"{long}\"", "at most 200")]
    [InlineData("fingerprint", "\"ab\\u0000cd\"", "NUL")]
    [InlineData("startsAt", "\"0001-01-01T00:00:00Z\"", "startsAt is required")]
    public async Task A_webhook_with_an_alert_that_cannot_be_recorded_is_a_400_and_records_none(string field, string value, string reason)
    {
        await using var host = await ControlPlaneHost.StartAsync();
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var valid = JsonSerializer.SerializeToNode(Webhooks.Firing(Graph, "shop-web-busy", "image-check"))!.AsObject();
        var webhook = valid.DeepClone().AsObject();
        var second = valid["alerts"]![0]!.DeepClone().AsObject();
        second[field] = JsonNode.Parse(value.Replace("{long}", new string('f', 201), StringComparison.Ordinal));
        webhook["alerts"]!.AsArray().Add(second);

        var refused = await host.Client.PostAsync("/alerts", new StringContent(webhook.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("alerts[1]", problem.GetProperty("where").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var alone = await (await host.Client.PostAsync("/alerts", new StringContent(valid.ToJsonString(), Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([$"{Graph}/image-check"], alone.GetProperty("commanded").EnumerateArray().Select(c => c.GetString()));
    }
}
