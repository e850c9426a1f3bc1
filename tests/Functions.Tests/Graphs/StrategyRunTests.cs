using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// <c>POST /graphs/{name}/execute_strategy/{strategy}</c> with its optional body — weights the graph adopts, the
/// solver's time limit, workers and seed — for placement strategies and scaling ones, applied on the simulated
/// federation; a bad body changes nothing.
/// </summary>
public sealed class StrategyRunTests
{
    private const string Graph = "shop-demo";

    /// <summary>A carbon weight that outweighs everything else: services go where the grid is cleanest, moves cost nothing.</summary>
    private const string CarbonFirst = """{"weights": {"carbon": 100000, "reoptimisation": 0}, "timeLimitSeconds": 5, "workers": 1, "seed": 3}""";

    [Fact]
    public async Task A_placement_strategy_run_moves_the_services_its_weights_ask_for_and_the_graph_keeps_them()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        foreach (var (cluster, carbon) in new[] { ("member1", 300.0), ("member2", 200.0), ("member3", 50.0) })
        {
            await host.SetCarbonAsync(cluster, carbon);
        }

        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        // One cluster for all (image-check needs member2's GPU) is the cheapest without a carbon weight.
        Assert.All(Placement(running).Values, cluster => Assert.Equal("member2", cluster));

        var plan = await (await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/smo-milp?dryRun=true", Json(CarbonFirst))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["shop-catalogue", "shop-web"], plan.GetProperty("moves").EnumerateArray().Select(m => m.GetProperty("service").GetString()).Order());
        Assert.Empty((await host.GraphAsync(Graph)).GetProperty("strategies").GetProperty("weights").EnumerateObject());

        var run = await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/smo-milp", Json(CarbonFirst));

        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var moved = await host.UntilGraphAsync(Graph, g => Placement(g)["shop-web"] == "member3" && Placement(g)["shop-catalogue"] == "member3", "the services move to member3");
        Assert.Equal("member2", Placement(moved)["image-check"]);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "replaced"), "the re-placement is recorded");
        var deployments = await host.DeploymentsAsync("shop");
        Assert.Equal(("member3", "member3"), (deployments["shop-web"], deployments["shop-catalogue"]));
        var decision = (await host.Factory.Services.GetRequiredService<DecisionLog>().LatestAsync(Graph, 20)).First(d => d.Kind == DecisionKind.Replacement);
        Assert.Equal(("smo-milp", DecisionTrigger.Api), (decision.Strategy, decision.Trigger));
        Assert.Equal(100000, decision.Inputs.GetProperty("weights").GetProperty("carbon").GetDouble());
        var weights = moved.GetProperty("strategies").GetProperty("weights");
        Assert.Equal((100000.0, 0.0), (weights.GetProperty("carbon").GetDouble(), weights.GetProperty("reoptimisation").GetDouble()));
    }

    [Fact]
    public async Task A_scaling_strategy_run_decides_replicas_now_with_the_weights_it_brings()
    {
        // No tick and no load watch for the length of the test: only the run decides.
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, settings: new Dictionary<string, string> { ["Smo__Graphs__LoadWatchInterval"] = "00:00:00" });
        await host.SetLoadAsync("shop-web", 30);
        var hourly = ControlPlaneHost.ShopDemo.Replace("scalingInterval: 5s", "scalingInterval: 1h", StringComparison.Ordinal);
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(hourly, Encoding.UTF8, "application/yaml"));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var decisions = host.Factory.Services.GetRequiredService<DecisionLog>();

        // Until Prometheus has shop-web's whole rate over its window, a decision has less (or nothing) to decide on: ask again.
        DecisionRecord? scaledUp = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); scaledUp is null && DateTime.UtcNow < deadline; await Task.Delay(TimeSpan.FromSeconds(1)))
        {
            var run = await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/smo-milp",
                Json("""{"kind": "scaling", "weights": {"utilisation": 0.9, "transition": 0.05}}"""));
            Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1));
            // 30 req/s at 20 per replica: 2 replicas.
            scaledUp = (await decisions.LatestAsync(Graph, 50)).FirstOrDefault(d => d.Kind == DecisionKind.Scaling
                && d.Result.GetProperty("replicas").GetProperty("shop-web").GetInt32() == 2);
        }

        Assert.NotNull(scaledUp);
        Assert.Equal("smo-milp", scaledUp.Strategy);
        Assert.Equal((0.9, 0.05), (scaledUp.Inputs.GetProperty("weights").GetProperty("utilisation").GetDouble(), scaledUp.Inputs.GetProperty("weights").GetProperty("transition").GetDouble()));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var deployment = await simulator.GetFromJsonAsync<JsonElement>("apis/apps/v1/namespaces/shop/deployments/shop-web");
        Assert.Equal(2, deployment.GetProperty("spec").GetProperty("replicas").GetInt32());
        var graph = await host.GraphAsync(Graph);
        Assert.Equal(0.9, graph.GetProperty("strategies").GetProperty("weights").GetProperty("utilisation").GetDouble());
        Assert.Equal(0, graph.GetProperty("orchestration").GetProperty("customStatus").GetProperty("ticks").GetInt32());
    }

    [Fact]
    public async Task Bad_strategy_runs_are_refused_saying_where_and_why_and_change_nothing()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        var before = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        (string Path, string Body, HttpStatusCode Status, string Where, string Why)[] cases =
        [
            ("smo-milp", """{"kind": "quantum"}""", HttpStatusCode.BadRequest, "body.kind", "kind must be \"placement\" or \"scaling\""),
            ("smo-milp", """{"weights": {"utilization": 1}}""", HttpStatusCode.BadRequest, "body.weights.utilization", "not a weight term"),
            ("smo-milp", """{"weights": {"carbon": -1}}""", HttpStatusCode.BadRequest, "body.weights.carbon", "from 0 to 1000000"),
            ("smo-milp", """{"weights": [1]}""", HttpStatusCode.BadRequest, "body.weights", "must be a JSON object"),
            ("smo-milp", """{"timeLimitSeconds": 0}""", HttpStatusCode.BadRequest, "body.timeLimitSeconds", "above 0 and at most 60"),
            ("smo-milp", """{"timeLimitSeconds": 61}""", HttpStatusCode.BadRequest, "body.timeLimitSeconds", "Smo:Graphs:MaxStrategyTimeLimit"),
            ("smo-milp", """{"workers": 5}""", HttpStatusCode.BadRequest, "body.workers", "from 1 to 4"),
            ("smo-milp", """{"seed": -1}""", HttpStatusCode.BadRequest, "body.seed", "whole number"),
            ("smo-milp", """{"strategy": "first-fit"}""", HttpStatusCode.BadRequest, "body", "The body takes kind, weights, timeLimitSeconds, workers, seed"),
            ("smo-milp", """{"kind": "scaling", "timeLimitSeconds": 1}""", HttpStatusCode.BadRequest, "body.timeLimitSeconds", "is for placement strategies"),
            ("smo-milp?dryRun=true", """{"kind": "scaling"}""", HttpStatusCode.BadRequest, "query: dryRun", "a scaling strategy has no what-if"),
            ("smo-milp", "[1]", HttpStatusCode.BadRequest, "body", "must be a JSON object"),
            ("smo-milp", "{", HttpStatusCode.BadRequest, "body (line 1, byte 2)", "not valid JSON"),
            ("first-fit", """{"kind": "scaling"}""", HttpStatusCode.NotFound, "", "No scaling strategy is named 'first-fit'"),
            ("quantum", "", HttpStatusCode.NotFound, "", "No placement or scaling strategy is named 'quantum'"),
        ];

        foreach (var (path, body, status, where, why) in cases)
        {
            var refused = await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/{path}", Json(body));

            Assert.True(refused.StatusCode == status, $"{path} {body}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(where, problem.TryGetProperty("where", out var at) ? at.GetString() : "");
            Assert.Contains(why, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var huge = await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/smo-milp", Json("{" + new string(' ', 5_000) + "}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await host.GraphAsync(Graph);
        Assert.Equal(before.GetProperty("strategies").ToString(), after.GetProperty("strategies").ToString());
        Assert.Equal(before.GetProperty("latestDecisions").GetArrayLength(), after.GetProperty("latestDecisions").GetArrayLength());
        Assert.DoesNotContain(after.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() is "strategy-changed" or "weights-changed" or "replaced");
    }

    private static Dictionary<string, string> Placement(JsonElement graph) =>
        graph.GetProperty("placement").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
