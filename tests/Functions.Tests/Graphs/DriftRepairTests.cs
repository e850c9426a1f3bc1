using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Drift injected on the simulated federation as someone outside Smo would cause it — through the Kubernetes API and
/// the helm stand-in's endpoints — is found, repaired and recorded as a <c>drift-repaired</c> event. The graph ticks
/// every second and checks drift on every tick.
/// </summary>
public sealed class DriftRepairTests
{
    private const string Graph = "shop-demo";
    private const string Release = "shop-demo-shop-web";
    private const string WebDeployment = "apis/apps/v1/namespaces/shop/deployments/shop-web";

    [Fact]
    public async Task Replicas_scaled_by_hand_are_recorded_and_decided_anew_from_the_load()
    {
        await using var host = await RunningShopAsync(scraped: true);
        // Only a tick that reads shop-web's rate decides it (without data its replicas are kept).
        await host.UntilGraphAsync(Graph, g => Decisions(g).Any(d => d.GetProperty("result").TryGetProperty("replicas", out var r) && r.TryGetProperty("shop-web", out _)),
            "a tick decides shop-web from its rate", seconds: 90);
        using var kubernetes = Kubernetes(host);

        using var scale = new StringContent("""{"spec":{"replicas":4}}""", Encoding.UTF8, "application/merge-patch+json");
        (await kubernetes.PatchAsync($"{WebDeployment}/scale", scale)).EnsureSuccessStatusCode();

        var repaired = await host.UntilGraphAsync(Graph, g => Repairs(g).Any(m => m.Contains("Replicas of shop-web", StringComparison.Ordinal)),
            "the tick records the replicas changed by hand");
        Assert.StartsWith("Replicas of shop-web were changed outside Smo: Smo decided 1, Karmada had 4; decided anew: ",
            Repairs(repaired).Single(m => m.Contains("Replicas of shop-web", StringComparison.Ordinal)), StringComparison.Ordinal);
        // 10 req/s is one replica's work: Smo scales its Deployment back, and what it records is what Karmada has.
        await ControlPlaneHost.UntilAsync(async () => await ReplicasAsync(kubernetes) == 1, "shop-web is back at one replica");
        await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "shop-web") == 1, "Smo's decided replicas are one again");
    }

    [Fact]
    public async Task A_deployment_karmada_moved_to_another_cluster_is_put_back_on_its_placement()
    {
        await using var host = await RunningShopAsync();
        var placed = (await host.DeploymentsAsync("shop"))["shop-web"];
        var elsewhere = new[] { "member1", "member2", "member3" }.First(c => c != placed);
        using var kubernetes = Kubernetes(host);

        using var move = new StringContent(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["simulator.smo.io/cluster"] = elsewhere } } }.ToJsonString(),
            Encoding.UTF8, "application/merge-patch+json");
        (await kubernetes.PatchAsync(WebDeployment, move)).EnsureSuccessStatusCode();
        Assert.Equal(elsewhere, (await host.DeploymentsAsync("shop"))["shop-web"]);

        var repaired = await host.UntilGraphAsync(Graph, g => Repairs(g).Any(m => m.Contains("Karmada had scheduled shop-web", StringComparison.Ordinal)),
            "the check finds shop-web off its placement and repairs it");
        Assert.Equal($"Karmada had scheduled shop-web on {elsewhere}, not on its placement {placed} (its ResourceBinding); "
                     + "Smo's Helm values applied again (helm upgrade), which puts it back on its placement.", Repairs(repaired).Single());
        Assert.Equal(placed, (await host.DeploymentsAsync("shop"))["shop-web"]);
    }

    [Fact]
    public async Task A_helm_release_uninstalled_outside_smo_is_installed_again_and_the_repair_says_so()
    {
        await using var host = await RunningShopAsync();
        var placed = (await host.DeploymentsAsync("shop"))["shop-web"];
        using var simulator = Kubernetes(host);

        (await simulator.DeleteAsync($"sim/helm/releases/shop/{Release}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await simulator.GetAsync($"sim/helm/releases/shop/{Release}")).StatusCode);

        var repaired = await host.UntilGraphAsync(Graph, g => Repairs(g).Any(m => m.Contains($"the Helm release {Release} of shop-web was gone (uninstalled outside Smo)", StringComparison.Ordinal)),
            "the release found gone is installed again");
        Assert.EndsWith("reinstalled with Smo's Helm values.", Repairs(repaired).Single(), StringComparison.Ordinal);
        var release = await simulator.GetFromJsonAsync<JsonElement>($"sim/helm/releases/shop/{Release}");
        Assert.Equal("smo: graph shop-demo, service shop-web", release.GetProperty("info").GetProperty("description").GetString());
        Assert.Equal(placed, (await host.DeploymentsAsync("shop"))["shop-web"]);
    }

    [Fact]
    public async Task A_helm_release_upgraded_outside_smo_is_upgraded_back_to_smos_values_once()
    {
        await using var host = await RunningShopAsync();
        var placed = (await host.DeploymentsAsync("shop"))["shop-web"];
        using var simulator = Kubernetes(host);

        // What "helm upgrade shop-demo-shop-web ... -f other-values.yaml" by hand sends: other limits, helm's own description.
        var values = $"fullnameOverride: shop-web\nclustersAffinity: [{placed}]\nresources: {{limits: {{cpu: 250m}}}}\n";
        using var upgrade = new StringContent(values, Encoding.UTF8, "application/yaml");
        (await simulator.PostAsync($"sim/helm/releases/shop/{Release}?chart=oci://127.0.0.1:5000/smo-demo/shop-web", upgrade)).EnsureSuccessStatusCode();
        Assert.Equal(2, (await ReleaseAsync(simulator)).GetProperty("version").GetInt32());

        var repaired = await host.UntilGraphAsync(Graph, g => Repairs(g).Count > 0, "the check finds the release changed and upgrades it back");
        Assert.Equal($"The Helm release {Release} of shop-web was at revision 2 (deployed), not at 1 as Smo's last install left it (changed outside Smo); "
                     + "upgraded back to Smo's Helm values.", Repairs(repaired).Single());
        var release = await ReleaseAsync(simulator);
        Assert.Equal((3, "smo: graph shop-demo, service shop-web"), (release.GetProperty("version").GetInt32(), release.GetProperty("info").GetProperty("description").GetString()));
        // Smo remembers the revision its repair made: the checks that follow find nothing more to do.
        var ticks = Ticks(repaired);
        var later = await host.UntilGraphAsync(Graph, g => Ticks(g) >= ticks + 3, "three more ticks, each checking drift");
        Assert.Single(Repairs(later));
        Assert.Equal(3, (await ReleaseAsync(simulator)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_smo_alert_rule_removed_from_the_graphs_prometheusrule_is_written_again()
    {
        await using var host = await RunningShopAsync();
        using var kubernetes = Kubernetes(host);
        const string rule = "apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheusrules/smo-shop-demo";
        Assert.Equal(["shop-demo/image-check/shop-web-busy"], await AlertNamesAsync(kubernetes, rule));

        using var remove = new StringContent("""[{"op":"remove","path":"/spec/groups/0/rules/0"}]""", Encoding.UTF8, "application/json-patch+json");
        (await kubernetes.PatchAsync(rule, remove)).EnsureSuccessStatusCode();
        Assert.Empty(await AlertNamesAsync(kubernetes, rule));

        var repaired = await host.UntilGraphAsync(Graph, g => Repairs(g).Count > 0, "the check finds the rule gone and writes it again");
        Assert.Equal("Alert rules shop-demo/image-check/shop-web-busy were missing from the graph's PrometheusRule smo-shop-demo; written again.", Repairs(repaired).Single());
        Assert.Equal(["shop-demo/image-check/shop-web-busy"], await AlertNamesAsync(kubernetes, rule));
    }

    /// <summary>The shop demo running on a control plane that ticks every second and checks drift on every tick.</summary>
    private static async Task<ControlPlaneHost> RunningShopAsync(bool scraped = false)
    {
        var host = await ControlPlaneHost.StartAsync(scraped, new Dictionary<string, string>
        {
            ["Smo__Graphs__DriftCheckInterval"] = "00:00:00",
            // A service is judged for its placement once Karmada has had this long after its install to schedule it.
            ["Smo__Graphs__PodStartDelay"] = "00:00:02",
        });
        try
        {
            await host.SetLoadAsync("shop-web", 10);
            var descriptor = ControlPlaneHost.ShopDemo.Replace("scalingInterval: 5s", "scalingInterval: 1s", StringComparison.Ordinal);
            var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));
            Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
            var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
            // Nothing has drifted yet: the checks of a graph as Smo left it find nothing.
            var ticks = Ticks(running);
            var settled = await host.UntilGraphAsync(Graph, g => Ticks(g) >= ticks + 3, "three ticks, each checking drift");
            Assert.Empty(Repairs(settled));
            Assert.DoesNotContain(settled.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "warning");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static HttpClient Kubernetes(ControlPlaneHost host) => new() { BaseAddress = host.Simulator.BaseAddress };

    private static List<string> Repairs(JsonElement graph) =>
        [.. graph.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "drift-repaired").Select(e => e.GetProperty("message").GetString()!)];

    private static IEnumerable<JsonElement> Decisions(JsonElement graph) =>
        graph.GetProperty("latestDecisions").EnumerateArray().Where(d => d.GetProperty("kind").GetString() == "Scaling");

    private static long Ticks(JsonElement graph) => graph.GetProperty("orchestration").GetProperty("customStatus").GetProperty("ticks").GetInt64();

    private static async Task<int> ReplicasAsync(HttpClient kubernetes) =>
        (await kubernetes.GetFromJsonAsync<JsonElement>(WebDeployment)).GetProperty("spec").GetProperty("replicas").GetInt32();

    private static Task<JsonElement> ReleaseAsync(HttpClient simulator) => simulator.GetFromJsonAsync<JsonElement>($"sim/helm/releases/shop/{Release}");

    private static async Task<List<string>> AlertNamesAsync(HttpClient kubernetes, string rule) =>
        [.. (await kubernetes.GetFromJsonAsync<JsonElement>(rule)).GetProperty("spec").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray()).Select(r => r.GetProperty("alert").GetString()!)];
}
