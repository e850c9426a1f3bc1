using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// <c>PUT /graphs/{name}/weights</c>: a graph's own objective weights, changed while it runs; the next decision uses
/// them, the graph's status shows them, an event says from what to what, and a bad body changes nothing.
/// </summary>
public sealed class GraphWeightsTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task New_weights_are_shown_recorded_and_used_by_the_next_scaling_decision()
    {
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, settings: new Dictionary<string, string> { ["Smo__Graphs__Weights__Transition"] = "0.3" });
        await host.SetLoadAsync("shop-web", 10);
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var before = await UntilScalingDecisionAsync(host, after: 0, "a scaling decision on the rates");
        Assert.Equal(0.3, Weight(before, "transition"));

        var put = await host.Client.PutAsync($"/graphs/{Graph}/weights", Json("""{"utilisation": 0.7, "transition": 0.05}"""));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(0.7, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("weights").GetProperty("utilisation").GetDouble());
        // The next decision carries them — or the one after, when a tick had read the graph before the change.
        var latest = (await host.Factory.Services.GetRequiredService<DecisionLog>().LatestAsync(Graph, 1)).Single().Id;
        var next = await UntilScalingDecisionAsync(host, after: latest, "the next scaling decision");
        if (Weight(next, "utilisation") != 0.7)
        {
            next = await UntilScalingDecisionAsync(host, after: next.Id, "the scaling decision after the next");
        }

        Assert.Equal((0.7, 0.05), (Weight(next, "utilisation"), Weight(next, "transition")));
        var graph = await host.GraphAsync(Graph);
        Assert.Equal(0.05, graph.GetProperty("strategies").GetProperty("weights").GetProperty("transition").GetDouble());
        var change = graph.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "weights-changed");
        Assert.Equal("Weights changed from the defaults to transition=0.05, utilisation=0.7.", change.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bad_weights_are_refused_saying_where_and_why_and_change_nothing()
    {
        await using var host = await RunningAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PutAsync($"/graphs/{Graph}/weights", Json("""{"carbon": 2}"""))).StatusCode);
        var before = await host.GraphAsync(Graph);
        (string Body, string Where, string Why)[] cases =
        [
            ("""{"utilization": 0.5}""", "body.utilization", "'utilization' is not a weight term; the terms are deployment, reoptimisation"),
            ("""{"transition": -1}""", "body.transition", "The weight of 'transition' must be a number from 0 to 1000000; it is -1."),
            ("""{"carbon": 1e7}""", "body.carbon", "from 0 to 1000000"),
            ("""{"carbon": 1e400}""", "body.carbon", "from 0 to 1000000"),
            ("""{"energy": "NaN"}""", "body.energy", "from 0 to 1000000"),
            ("""{"energy": null}""", "body.energy", "from 0 to 1000000"),
            ("""{"energy": 1, "energy": 2}""", "body.energy", "'energy' is given twice."),
            ("""{"deployment": 1, "reoptimisation": 1, "communication": 1, "energy": 1, "carbon": 1, "utilisation": 1, "transition": 1, "x": 1}""", "body", "more than 7 keys"),
            ("""[0.5]""", "body", "must be a JSON object"),
            ("""NaN""", "body (line 1, byte 1)", "not valid JSON"),
            ("", "body", "must be a JSON object"),
        ];

        foreach (var (body, where, why) in cases)
        {
            var refused = await host.Client.PutAsync($"/graphs/{Graph}/weights", Json(body));

            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(where, problem.GetProperty("where").GetString());
            Assert.Contains(why, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var after = await host.GraphAsync(Graph);
        Assert.Equal(before.GetProperty("strategies").ToString(), after.GetProperty("strategies").ToString());
        Assert.Single(after.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "weights-changed");
    }

    [Fact]
    public async Task Weights_of_an_unknown_graph_are_not_found_and_a_huge_body_is_too_large()
    {
        await using var host = await RunningAsync();

        var unknown = await host.Client.PutAsync("/graphs/nothing/weights", Json("""{"carbon": 2}"""));
        var huge = await host.Client.PutAsync($"/graphs/{Graph}/weights", Json("{\"carbon\": 2" + new string(' ', 5_000) + "}"));
        var post = await host.Client.PostAsync($"/graphs/{Graph}/weights", Json("""{"carbon": 2}"""));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("body", (await huge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Empty((await host.GraphAsync(Graph)).GetProperty("strategies").GetProperty("weights").EnumerateObject());
    }

    private static async Task<ControlPlaneHost> RunningAsync()
    {
        var host = await ControlPlaneHost.StartAsync();
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        return host;
    }

    private static double Weight(DecisionRecord decision, string term) => decision.Inputs.GetProperty("weights").GetProperty(term).GetDouble();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The first scaling decision recorded after decision <paramref name="after"/> (by id).</summary>
    private static async Task<DecisionRecord> UntilScalingDecisionAsync(ControlPlaneHost host, long after, string what)
    {
        var decisions = host.Factory.Services.GetRequiredService<DecisionLog>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var found = (await decisions.LatestAsync(Graph, 50))
                .Where(d => d.Kind == DecisionKind.Scaling && d.Id > after)
                .MinBy(d => d.Id);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting for {what}.");
        return null!;
    }
}
