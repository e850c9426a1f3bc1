using System.Net;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Every decision explains itself: the graph status gives each service why it runs where it does (from the latest
/// placement) and why it has its replicas (from the newest scaling decision), read back from the decision log, and
/// each decision its stored inputs.
/// </summary>
public sealed class ExplanationTests
{
    private const string Graph = "shop-demo";

    // Costs are sums of a few weighted terms; the models resolve millionths.
    private const double Tolerance = 1e-6;

    [Fact]
    public async Task The_graph_status_explains_each_services_cluster_and_replicas_with_consistent_numbers()
    {
        await using var host = await ControlPlaneHost.StartAsync(scraped: true);
        await host.SetLoadAsync("shop-web", 50);
        await host.SetLoadAsync("shop-catalogue", 12);
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);

        var graph = await host.UntilGraphAsync(Graph,
            g => g.GetProperty("status").GetString() == "Running"
                && Services(g).Where(s => s.GetProperty("status").GetString() == "Deployed").All(s => Why(s).GetProperty("scaling").ValueKind == JsonValueKind.Object),
            "every installed service has a scaling explanation", seconds: 90);

        var placement = graph.GetProperty("placement");
        foreach (var service in Services(graph))
        {
            var name = service.GetProperty("name").GetString()!;
            var why = Why(service);
            var where = why.GetProperty("placement");
            var cluster = where.GetProperty("cluster").GetString()!;
            Assert.Equal(placement.GetProperty(name).GetString(), cluster);
            Assert.Equal("Optimal", why.GetProperty("placementDecision").GetProperty("status").GetString());
            Assert.Equal(Sum(where.GetProperty("costByTerm")), where.GetProperty("cost").GetDouble(), Tolerance);
            if (where.GetProperty("alternative") is { ValueKind: JsonValueKind.Object } alternative)
            {
                // An optimal placement has no cheaper single move, and the delta is the difference of the two costs.
                Assert.True(where.GetProperty("cost").GetDouble() <= alternative.GetProperty("cost").GetDouble() + Tolerance, $"{name}: {where}");
                Assert.Equal(alternative.GetProperty("cost").GetDouble() - where.GetProperty("cost").GetDouble(), alternative.GetProperty("delta").GetDouble(), Tolerance);
                Assert.NotEqual(cluster, alternative.GetProperty("cluster").GetString());
            }

            Assert.StartsWith($"{cluster}: ", why.GetProperty("whyHere").GetString(), StringComparison.Ordinal);
        }

        // image-check needs a GPU: only member2 has one.
        var imageCheck = Why(Services(graph).Single(s => s.GetProperty("name").GetString() == "image-check"));
        var acceleration = imageCheck.GetProperty("placement").GetProperty("binding").EnumerateArray().Single(b => b.GetProperty("constraint").GetString() == "acceleration");
        Assert.Equal(["member1", "member3"], acceleration.GetProperty("clusters").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("needs acceleration, which member1, member3 lack", imageCheck.GetProperty("whyHere").GetString(), StringComparison.Ordinal);

        // shop-web: α 20, β 0, 1–8 replicas (the descriptor's model).
        var web = Why(Services(graph).Single(s => s.GetProperty("name").GetString() == "shop-web")).GetProperty("scaling");
        var load = Math.Max(web.GetProperty("rate").GetDouble(), web.GetProperty("predictedRate") is { ValueKind: JsonValueKind.Number } p ? p.GetDouble() : 0);
        Assert.Equal((20.0, 0.0, 1, 8), (web.GetProperty("alpha").GetDouble(), web.GetProperty("beta").GetDouble(), web.GetProperty("minReplicas").GetInt32(), web.GetProperty("maxReplicas").GetInt32()));
        Assert.Equal((int)Math.Ceiling(load / 20), web.GetProperty("neededReplicas").GetInt32());
        Assert.InRange(web.GetProperty("replicas").GetInt32(), 1, 8);

        // The README's promise: each decision with the inputs the strategy received.
        Assert.All(graph.GetProperty("latestDecisions").EnumerateArray(),
            d => Assert.Equal(JsonValueKind.Array, d.GetProperty("inputs").GetProperty("services").ValueKind));
    }

    private static IEnumerable<JsonElement> Services(JsonElement graph) => graph.GetProperty("services").EnumerateArray();

    private static JsonElement Why(JsonElement service) => service.GetProperty("why");

    private static double Sum(JsonElement terms) => terms.EnumerateObject().Sum(t => t.Value.GetDouble());
}
