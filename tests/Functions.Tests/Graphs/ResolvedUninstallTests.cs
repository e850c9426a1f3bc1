using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A conditional service whose descriptor says <c>uninstallAfterResolved</c> is uninstalled once the alert that
/// installed it has stayed resolved that long — helm uninstall, the service pending again and an event recorded — and
/// stays when its alert fires again within the delay; a service without it stays installed, as in the original.
/// </summary>
public sealed class ResolvedUninstallTests
{
    private const string Graph = "shop-demo";
    private const string Service = "image-check";
    private const string Event = "shop-web-busy";
    private const string Trigger = "            condition: ANY\n";

    private static readonly Dictionary<string, string> ShortFloor = new() { ["Smo__Alerts__MinUninstallAfterResolved"] = "00:00:01" };

    [Fact]
    public async Task A_service_whose_alert_stays_resolved_for_its_delay_is_uninstalled_and_pending_again()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: ShortFloor);
        await DeployAndFireAsync(host, WithUninstallAfter("3s"));

        var resolved = await PostAsync(host, Webhooks.Resolved(Graph, Event, Service));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var withinDelay = ServiceStatus(await host.GraphAsync(Graph));
        // The orchestration records the event after the uninstall activity has marked the service Pending: wait for both.
        var uninstalled = await host.UntilGraphAsync(Graph, g => ServiceStatus(g) == "Pending" && Events(g).Any(e => e.Kind == "uninstalled"),
            "the service is uninstalled and that is recorded", seconds: 30);

        Assert.Equal("ResolutionCommanded", Action(resolved));
        Assert.Equal("Deployed", withinDelay);
        Assert.False((await host.DeploymentsAsync("shop")).ContainsKey(Service));
        Assert.Contains(Events(uninstalled), e => e == ("uninstalled", "Conditional service image-check uninstalled: its alerts resolved for 3s."));
        var again = await PostAsync(host, Webhooks.Firing(Graph, Event, Service, startsAt: "2026-11-23T11:00:00Z"));
        Assert.Equal("InstallCommanded", Action(again));
        await host.UntilGraphAsync(Graph, g => ServiceStatus(g) == "Deployed", "its next alert installs it again");
    }

    [Fact]
    public async Task An_alert_firing_again_within_the_delay_keeps_the_service_installed()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: ShortFloor);
        await DeployAndFireAsync(host, WithUninstallAfter("3s"));

        await PostAsync(host, Webhooks.Resolved(Graph, Event, Service));
        var refired = await PostAsync(host, Webhooks.Firing(Graph, Event, Service, startsAt: "2026-11-23T10:05:00Z"));
        await host.UntilGraphAsync(Graph, g => Events(g).Any(e => e.Kind == "uninstall-cancelled"), "the uninstall is cancelled");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var graph = await host.GraphAsync(Graph);

        Assert.Equal("InstallCommanded", Action(refired));
        Assert.Equal("Deployed", ServiceStatus(graph));
        Assert.DoesNotContain(Events(graph), e => e.Kind == "uninstalled");
        Assert.True((await host.DeploymentsAsync("shop")).ContainsKey(Service));
    }

    [Fact]
    public async Task A_service_without_uninstallAfterResolved_stays_installed_when_its_alert_resolves()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: ShortFloor);
        await DeployAndFireAsync(host, ControlPlaneHost.ShopDemo);

        var resolved = await PostAsync(host, Webhooks.Resolved(Graph, Event, Service));
        await Task.Delay(TimeSpan.FromSeconds(4));
        var graph = await host.GraphAsync(Graph);

        Assert.Equal("NothingToUndo", Action(resolved));
        Assert.Equal("Deployed", ServiceStatus(graph));
        Assert.DoesNotContain(Events(graph), e => e.Kind.StartsWith("uninstall", StringComparison.Ordinal));
        Assert.True((await host.DeploymentsAsync("shop")).ContainsKey(Service));
    }

    [Fact]
    public async Task A_delay_below_the_hosts_floor_is_refused_at_deploy_with_its_path()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(WithUninstallAfter("30s"), Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.BadRequest, deploy.StatusCode);
        var problem = await deploy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hdaGraph.services[2].deployment.trigger.event.uninstallAfterResolved", problem.GetProperty("where").GetString());
        Assert.Contains("Smo:Alerts:MinUninstallAfterResolved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode);
    }

    private static string WithUninstallAfter(string delay)
    {
        Assert.Contains(Trigger, ControlPlaneHost.ShopDemo, StringComparison.Ordinal);
        return ControlPlaneHost.ShopDemo.Replace(Trigger, Trigger + $"            uninstallAfterResolved: {delay}\n", StringComparison.Ordinal);
    }

    private static async Task DeployAndFireAsync(ControlPlaneHost host, string descriptor)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        Assert.Equal("InstallCommanded", Action(await PostAsync(host, Webhooks.Firing(Graph, Event, Service))));
        await host.UntilGraphAsync(Graph, g => ServiceStatus(g) == "Deployed", "the alert installs the conditional service");
    }

    private static async Task<JsonElement> PostAsync(ControlPlaneHost host, object notification)
    {
        var response = await host.Client.PostAsync("/alerts", JsonContent.Create(notification));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Action(JsonElement received) => Assert.Single(received.GetProperty("handled").EnumerateArray()).GetProperty("action").GetString()!;

    private static string ServiceStatus(JsonElement graph) =>
        graph.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == Service).GetProperty("status").GetString()!;

    private static IEnumerable<(string Kind, string Message)> Events(JsonElement graph) =>
        graph.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("message").GetString()!));
}
