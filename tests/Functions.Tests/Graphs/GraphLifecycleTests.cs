using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Smo.Orchestrations.Samples;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>Deploy → alert → re-place → stop → start → remove through the REST API, against the simulated federation.</summary>
public sealed class GraphLifecycleTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_graph_is_deployed_scaled_alerted_stopped_started_and_removed_through_the_api()
    {
        // The original's GET form of start is served here, as a deployment for its clients would configure.
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Compatibility__GetCommands"] = "true" });

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        Assert.EndsWith($"/graphs/{Graph}", deploy.Headers.Location!.ToString(), StringComparison.Ordinal);

        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var placement = running.GetProperty("placement").Deserialize<Dictionary<string, string>>()!;
        Assert.Equal(3, placement.Count);
        // image-check needs a GPU: only brussels (member2) has one in the default scenario.
        Assert.Equal("member2", placement["image-check"]);
        var deployed = await host.DeploymentsAsync("shop");
        Assert.Equal(placement["shop-web"], deployed["shop-web"]);
        Assert.Equal(placement["shop-catalogue"], deployed["shop-catalogue"]);
        Assert.False(deployed.ContainsKey("image-check"), "a conditional service waits for its alert");
        var decisions = running.GetProperty("latestDecisions").EnumerateArray().ToList();
        Assert.Contains(decisions, d => d.GetProperty("kind").GetString() == "Placement" && d.GetProperty("status").GetString() == "Optimal");

        // A second deploy of the same graph is refused, and nothing changes.
        var again = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The alert fires twice (Alertmanager repeats): the conditional service is installed once.
        for (var i = 0; i < 2; i++)
        {
            var webhook = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing(Graph, "shop-web-busy", "image-check")));
            Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        }

        await host.UntilGraphAsync(Graph, g => Service(g, "image-check").GetProperty("status").GetString() == "Deployed", "the conditional service is installed");
        Assert.Equal("member2", (await host.DeploymentsAsync("shop"))["image-check"]);

        var stop = await host.Client.PostAsync($"/graphs/{Graph}/stop", null);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Stopped", "the graph stops");
        Assert.Empty(await host.DeploymentsAsync("shop"));

        // Old clients start with GET (served with the compatibility setting).
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.GetAsync($"/graphs/{Graph}/start")).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs again");
        Assert.Equal(3, (await host.DeploymentsAsync("shop")).Count);

        var remove = await host.Client.DeleteAsync($"/graphs/{Graph}");
        Assert.Equal(HttpStatusCode.Accepted, remove.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "the graph is removed");
            await Task.Delay(250);
        }

        Assert.Empty(await host.DeploymentsAsync("shop"));

        // The name is free again: a new deploy starts a new orchestration under the same instance id.
        var redeploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, redeploy.StatusCode);
        var fresh = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs again after its removal");
        Assert.DoesNotContain(fresh.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "alert");
    }

    /// <summary>
    /// A removed graph's orchestration deletes the row, then ends: a deploy of the same name in between finds the
    /// instance id still taken. Here an orchestration scheduled to start a little later holds the id, as the
    /// ending one would.
    /// </summary>
    [Fact]
    public async Task A_deploy_waits_for_an_earlier_orchestration_of_the_same_name_to_end()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        var durable = host.Factory.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = GraphLifecycle.InstanceIdFor(Graph);
        await durable.ScheduleNewOrchestrationInstanceAsync(HelloCities.Name,
            new StartOrchestrationOptions(instanceId, StartAt: DateTimeOffset.UtcNow.AddSeconds(2)));

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
    }

    [Fact]
    public async Task A_deploy_whose_name_stays_taken_by_a_living_orchestration_is_refused_and_stores_nothing()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        var durable = host.Factory.Services.GetRequiredService<DurableTaskClient>();
        await durable.ScheduleNewOrchestrationInstanceAsync(HelloCities.Name,
            new StartOrchestrationOptions(GraphLifecycle.InstanceIdFor(Graph), StartAt: DateTimeOffset.UtcNow.AddMinutes(5)));

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.Conflict, deploy.StatusCode);
        Assert.Contains("still finishing its removal", (await deploy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode);
    }

    [Fact]
    public async Task Bad_deploys_are_refused_with_where_and_nothing_is_stored()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var badIntent = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo.Replace("cpu: light", "cpu: huge", StringComparison.Ordinal)));
        var problem = await badIntent.Content.ReadFromJsonAsync<JsonElement>();
        var badProject = await host.Client.PostAsync("/project/Not_A_Namespace/graphs", new StringContent(ControlPlaneHost.ShopDemo));
        var unknownStrategy = await host.Client.PostAsync($"/graphs/nothing/execute_strategy/quantum", null);
        var unknownGraph = await host.Client.PostAsync("/graphs/nothing/stop", null);
        Assert.Contains("scalingInterval: 5s", ControlPlaneHost.ShopDemo, StringComparison.Ordinal);
        var tooFast = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo.Replace("scalingInterval: 5s", "scalingInterval: 50ms", StringComparison.Ordinal)));
        var tooFastProblem = await tooFast.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, tooFast.StatusCode);
        Assert.Equal("hdaGraph.scalingInterval", tooFastProblem.GetProperty("where").GetString());
        Assert.Contains("MinScalingInterval", tooFastProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badIntent.StatusCode);
        Assert.Equal("application/problem+json", badIntent.Content.Headers.ContentType!.MediaType);
        Assert.Contains("hdaGraph.services[0].deployment.intent.compute.cpu", problem.GetProperty("where").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors")[0].GetProperty("line").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, badProject.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownStrategy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    [Fact]
    public async Task A_graph_larger_than_the_hosts_limits_is_refused_with_where_and_nothing_is_stored()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Graphs__MaxServices"] = "1" });

        var refused = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo));

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("hdaGraph.services", problem.GetProperty("where").GetString());
        Assert.Contains("at most 1 services per graph", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    [Fact]
    public async Task Old_clients_deploy_with_a_json_string_holding_the_yaml_and_json_bodies_work_too()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        var asJsonString = JsonSerializer.Serialize(ControlPlaneHost.ShopDemo);
        var asJson = JsonSerializer.Serialize(new { hdaGraph = new { id = "tiny", services = new[]
        {
            new
            {
                id = "tiny-web",
                deployment = new { trigger = new { auto = new { } }, intent = new { compute = new { cpu = "light", ram = "light", storage = "small", gpu = new { enabled = false } } } },
                artifact = new { ociImage = "oci://127.0.0.1:5000/smo-demo/tiny-web", ociConfig = new { type = "App", implementer = "HELM" }, valuesOverwrite = new { } },
            },
        } } });

        var doubleEncoded = await host.Client.PostAsync("/project/shop/graphs", new StringContent(asJsonString, Encoding.UTF8, "application/json"));
        var json = await host.Client.PostAsync("/project/shop/graphs", new StringContent(asJson, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, doubleEncoded.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the double-encoded graph runs");
        await host.UntilGraphAsync("tiny", g => g.GetProperty("status").GetString() == "Running", "the JSON graph runs");
        var listed = await host.Client.GetFromJsonAsync<JsonElement>("/project/shop/graphs");
        Assert.Equal(["shop-demo", "tiny"], listed.EnumerateArray().Select(g => g.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task Huge_bodies_and_a_webhook_that_is_not_one_are_refused()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var huge = await host.Client.PostAsync("/project/shop/graphs", new StringContent(new string('#', 2 << 20)));
        var hugeWebhook = await host.Client.PostAsync("/alerts", new StringContent("[" + new string(' ', 2 << 20) + "]", Encoding.UTF8, "application/json"));
        var hugeProfile = await host.Client.PutAsync("/clusters/member1/energy_profile", new StringContent("{" + new string(' ', 2 << 20) + "}", Encoding.UTF8, "application/json"));
        var notAWebhook = await host.Client.PostAsync("/alerts", new StringContent("{\"alerts\": 3}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeWebhook.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeProfile.StatusCode);
        Assert.Equal("body", (await hugeProfile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notAWebhook.StatusCode);
        Assert.Equal("Pending", Service(await host.GraphAsync(Graph), "image-check").GetProperty("status").GetString());
    }

    private static JsonElement Service(JsonElement graph, string name) =>
        graph.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
}
