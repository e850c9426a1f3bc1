using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Operational policies (H3NI): the firing alert of a policy's rule moves its service — migrate away from its
/// cluster, offload to a lower-carbon one by the energy profiles set through the API — by a re-placement recorded
/// with its reason; a repeated webhook moves nothing twice, and a policy no cluster satisfies is reported.
/// </summary>
public sealed class PolicyTests
{
    private const string Graph = "shop-demo";

    // Never true: these rules exist for the webhook to name, Prometheus never fires them itself.
    private const string Policies = """
              policies:
                - { id: shop-web-hot, action: migrate, promQuery: "vector(0) > 1" }
                - { id: shop-web-green, action: offload, target: low-carbon, promQuery: "vector(0) > 1" }
                - { id: shop-web-moon, action: offload, target: provider=moon, promQuery: "vector(0) > 1" }

        """;

    [Fact]
    public async Task Policy_alerts_move_the_service_as_the_policy_says()
    {
        // Three policies move one service in a row here: no cooldown between them.
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Alerts__PolicyCooldown"] = "00:00:00" });
        const string scaling = "      scaling: { alpha: 20, beta: 0, minReplicas: 1, maxReplicas: 8 }\n";
        Assert.Contains(scaling, ControlPlaneHost.ShopDemo, StringComparison.Ordinal);
        var descriptor = ControlPlaneHost.ShopDemo.Replace(scaling, scaling + Policies, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"))).StatusCode);
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var first = Placement(running, "shop-web");

        // Migrate: away from its cluster, wherever else is best.
        var migrate = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-hot", "shop-web", "f1")));
        Assert.Equal(HttpStatusCode.OK, migrate.StatusCode);
        // The placement is stored before the moved service is upgraded; the "replaced" event comes after the upgrade.
        var migrated = await host.UntilGraphAsync(Graph, g => PolicyReplacements(g) == 1, "shop-web migrates");
        Assert.NotEqual(first, Placement(migrated, "shop-web"));
        var second = Placement(migrated, "shop-web");
        Assert.Equal(second, (await host.DeploymentsAsync("shop"))["shop-web"]);
        var decision = migrated.GetProperty("latestDecisions").EnumerateArray()
            .First(d => d.GetProperty("kind").GetString() == "Replacement");
        Assert.Equal("Alert", decision.GetProperty("trigger").GetString());
        Assert.StartsWith("Policy 'shop-web-hot' (migrate) of service 'shop-web': may go to", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The same firing again (Alertmanager repeats it every minute) moves nothing.
        var repeat = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-hot", "shop-web", "f1")));
        Assert.Empty((await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commanded").EnumerateArray());

        // Offload to low carbon: by the energy profiles, only a cluster cleaner than the current one will do.
        var carbon = new Dictionary<string, double> { ["member1"] = 400, ["member2"] = 250, ["member3"] = 40 };
        foreach (var (cluster, grams) in carbon)
        {
            await host.SetCarbonAsync(cluster, grams);
        }

        var cleaner = carbon.Where(c => c.Value < carbon[second]).Select(c => c.Key).ToList();
        await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-green", "shop-web", "f2")));
        var offloaded = await host.UntilGraphAsync(Graph, g => PolicyReplacements(g) == 2, "shop-web offloads to a cleaner cluster");
        Assert.Contains(Placement(offloaded, "shop-web"), cleaner);
        Assert.Equal(Placement(offloaded, "shop-web"), (await host.DeploymentsAsync("shop"))["shop-web"]);

        // A target no cluster has: reported, nothing moves.
        var third = Placement(offloaded, "shop-web");
        await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-moon", "shop-web", "f3")));
        var refused = await host.UntilGraphAsync(Graph, g => g.GetProperty("events").EnumerateArray().Any(e =>
            e.GetProperty("message").GetString()!.Contains("matches 'provider=moon'", StringComparison.Ordinal)), "the impossible policy is reported");
        Assert.Equal(third, Placement(refused, "shop-web"));
    }

    [Fact]
    public async Task A_policy_moves_a_service_at_most_once_per_cooldown_whatever_startsAt_the_caller_sends()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Alerts__PolicyCooldown"] = "01:00:00" });
        const string scaling = "      scaling: { alpha: 20, beta: 0, minReplicas: 1, maxReplicas: 8 }\n";
        var descriptor = ControlPlaneHost.ShopDemo.Replace(scaling, scaling + Policies, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var first = await FireAsync(host, "shop-web-hot", "2026-12-06T10:00:00Z");
        var invented = await FireAsync(host, "shop-web-hot", "2026-12-06T10:00:01Z");
        var otherPolicy = await FireAsync(host, "shop-web-green", "2026-12-06T10:00:02Z");

        Assert.Equal(["shop-demo/shop-web"], Names(first, "commanded"));
        Assert.Equal((string[])[], Names(first, "coolingDown"));
        Assert.Equal((string[])[], Names(invented, "commanded"));
        Assert.Equal(["shop-demo/shop-web"], Names(invented, "coolingDown"));
        Assert.Equal(["shop-demo/shop-web"], Names(otherPolicy, "coolingDown"));
        await host.UntilGraphAsync(Graph, g => PolicyReplacements(g) == 1, "the first alert moves shop-web");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, PolicyReplacements(await host.GraphAsync(Graph)));
    }

    private static async Task<JsonElement> FireAsync(ControlPlaneHost host, string policy, string startsAt)
    {
        var response = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, policy, "shop-web", "f-" + policy, startsAt)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Names(JsonElement received, string field) =>
        [.. received.GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    private static int PolicyReplacements(JsonElement graph) => graph.GetProperty("events").EnumerateArray()
        .Count(e => e.GetProperty("kind").GetString() == "replaced" && e.GetProperty("message").GetString()!.StartsWith("Re-placement (Policy)", StringComparison.Ordinal));

    private static string Placement(JsonElement graph, string service) => graph.GetProperty("placement").GetProperty(service).GetString()!;
}
