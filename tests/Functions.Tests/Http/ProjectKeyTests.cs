using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Http;

/// <summary>
/// A key scoped to projects (<c>Smo:Keys:Projects:&lt;project&gt;</c>) sees and changes only those projects' graphs:
/// another project's graph is not found, lists leave it out, and routes outside the graph API stay closed to it.
/// </summary>
public sealed class ProjectKeyTests
{
    private const string Graph = "shop-demo";
    private const string ShopKey = "key-of-shop";
    private const string LabKey = "key-of-lab";

    [Fact]
    public async Task A_project_key_sees_and_changes_only_its_projects_graphs()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["Smo__Keys__Projects__shop"] = ShopKey,
            ["Smo__Keys__Projects__lab"] = LabKey,
            ["Smo__Keys__Projects__lab2"] = LabKey,
        });
        using var master = host.Factory.CreateClientWithKey(FunctionsHostFactory.MasterKey);
        using var shop = host.Factory.CreateClientWithKey(ShopKey);
        using var lab = host.Factory.CreateClientWithKey(LabKey);
        var deploy = await shop.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await UntilRunningAsync(master);

        // The project's own key: its graph, its list, its commands.
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync($"/graphs/{Graph}")).StatusCode);
        Assert.Contains(Graph, Names(await shop.GetFromJsonAsync<JsonElement>("/graphs")));
        Assert.Contains(Graph, Names(await shop.GetFromJsonAsync<JsonElement>("/project/shop/graphs")));
        Assert.Equal(HttpStatusCode.OK, (await shop.PostAsync($"/graphs/{Graph}/placement?dryRun=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shop.PutAsync($"/graphs/{Graph}/weights", Weights("{\"carbon\": 2}"))).StatusCode);

        // Another project's key: the graph does not exist for it, and it cannot act on it.
        Assert.Equal(HttpStatusCode.NotFound, (await lab.GetAsync($"/graphs/{Graph}")).StatusCode);
        Assert.DoesNotContain(Graph, Names(await lab.GetFromJsonAsync<JsonElement>("/graphs")));
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync("/project/shop/graphs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.PostAsync($"/graphs/{Graph}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.DeleteAsync($"/graphs/{Graph}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.PutAsync($"/graphs/{Graph}/weights", Weights("{\"carbon\": 9}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.PostAsync($"/graphs/{Graph}/execute_strategy/first-fit", Weights("{\"weights\": {\"carbon\": 9}}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await lab.PostAsync("/project/shop/graphs?dryRun=true", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lab.GetAsync("/project/lab2/graphs")).StatusCode);

        // Outside the graph API, a project key opens nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await lab.GetAsync("/clusters")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.GetAsync("/runtime/webhooks/durabletask/instances")).StatusCode);

        // Nothing the other key tried changed the graph; the master key sees it too.
        var graph = await master.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}");
        Assert.Equal("Running", graph.GetProperty("status").GetString());
        Assert.Equal("{\"carbon\":2}", graph.GetProperty("strategies").GetProperty("weights").GetRawText());
        Assert.Equal("smo-milp", graph.GetProperty("strategies").GetProperty("placement").GetString());
    }

    private static StringContent Weights(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task UntilRunningAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}")).GetProperty("status").GetString() != "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, "the graph runs");
            await Task.Delay(250);
        }
    }

    private static List<string> Names(JsonElement list) => [.. list.EnumerateArray().Select(g => g.GetProperty("name").GetString()!)];
}
