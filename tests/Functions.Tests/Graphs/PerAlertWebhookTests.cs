using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Each alert of a notification is handled on its own: alerts Smo cannot act on (an unknown or removed graph, no
/// <c>service</c> label, a rule Smo did not write) are listed as skipped in the 200 answer, and the others are acted
/// on — Alertmanager does not retry a 4xx, so refusing the whole notification would lose them.
/// </summary>
public sealed class PerAlertWebhookTests
{
    private const string Graph = "shop-demo";
    private const string Removed = "tiny-gone";
    private const string Foreign = "foreign-graph-of-another-team";

    [Fact]
    public async Task A_notification_acts_on_its_valid_alert_and_lists_the_others_as_skipped()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host, "shop", ControlPlaneHost.ShopDemo);
        await DeployAsync(host, "gone", TinyGraph(Removed));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        await host.UntilGraphAsync(Removed, g => g.GetProperty("status").GetString() == "Running", "the other graph runs");
        await RemoveAsync(host, Removed);
        var notification = Webhooks.Notification(
            Webhooks.Alert(Webhooks.Labels(Foreign, "HighCpu", "api"), fingerprint: "1111111111111111"),
            Webhooks.Alert(Webhooks.Labels(Graph, "shop-web-busy", "image-check")),
            Webhooks.Alert(Webhooks.Labels(Graph, "shop-web-busy", service: null), fingerprint: "2222222222222222"),
            Webhooks.Alert(Webhooks.Labels(Removed, "shop-web-busy", "tiny-web"), fingerprint: "3333333333333333"),
            Webhooks.Alert(Webhooks.Labels(Graph, "NodeDown", "shop-web"), fingerprint: "4444444444444444"));

        var response = await host.Client.PostAsync("/alerts", JsonContent.Create(notification));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var received = JsonDocument.Parse(text).RootElement;
        var handled = Assert.Single(received.GetProperty("handled").EnumerateArray());
        Assert.Equal((1, Graph, "image-check", "shop-web-busy", "InstallCommanded"),
            (handled.GetProperty("index").GetInt32(), handled.GetProperty("graph").GetString(), handled.GetProperty("service").GetString(),
             handled.GetProperty("rule").GetString(), handled.GetProperty("action").GetString()));
        Assert.Equal([(0, "UnknownGraph"), (2, "MissingLabels"), (3, "UnknownGraph"), (4, "NotSmoRule")],
            received.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("index").GetInt32(), s.GetProperty("reason").GetString())));
        Assert.Equal([$"{Graph}/image-check"], received.GetProperty("commanded").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(Foreign, text, StringComparison.Ordinal);
        await host.UntilGraphAsync(Graph, g => Service(g, "image-check").GetProperty("status").GetString() == "Deployed", "the valid alert's service is installed");
    }

    [Fact]
    public async Task A_notification_of_alerts_for_unknown_graphs_and_services_only_is_answered_200_and_changes_nothing()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host, "shop", ControlPlaneHost.ShopDemo);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var unknownGraph = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing("nothing", "shop-web-busy", "image-check")));
        var unknownService = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-busy", "no-such-service")));

        Assert.Equal(HttpStatusCode.OK, unknownGraph.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownService.StatusCode);
        var skipped = (await unknownService.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("skipped")[0];
        Assert.Equal(("UnknownService", Graph), (skipped.GetProperty("reason").GetString(), skipped.GetProperty("graph").GetString()));
        Assert.Equal("UnknownGraph", (await unknownGraph.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("skipped")[0].GetProperty("reason").GetString());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("Pending", Service(await host.GraphAsync(Graph), "image-check").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_notification_of_more_alerts_than_the_host_takes_is_refused_whole_as_too_large()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Alerts__MaxAlertsPerNotification"] = "2" });
        await DeployAsync(host, "shop", ControlPlaneHost.ShopDemo);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var valid = Webhooks.Alert(Webhooks.Labels(Graph, "shop-web-busy", "image-check"));

        var refused = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Notification(valid, valid, valid)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("alerts", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        var taken = await (await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Notification(valid, valid)))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([$"{Graph}/image-check"], taken.GetProperty("commanded").EnumerateArray().Select(c => c.GetString()));
    }

    private static async Task DeployAsync(ControlPlaneHost host, string project, string descriptor) =>
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/project/{project}/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"))).StatusCode);

    private static async Task RemoveAsync(ControlPlaneHost host, string graph)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.DeleteAsync($"/graphs/{graph}")).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await host.Client.GetAsync($"/graphs/{graph}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, $"graph {graph} is removed");
            await Task.Delay(250);
        }
    }

    private static string TinyGraph(string id) => $$"""
        hdaGraph:
          id: {{id}}
          services:
            - id: tiny-web
              deployment:
                trigger: { auto: {} }
                intent: { compute: { cpu: light, ram: light, storage: small, gpu: { enabled: false } } }
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/tiny-web
                ociConfig: { type: App, implementer: HELM }
        """;

    private static JsonElement Service(JsonElement graph, string name) =>
        graph.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
}
