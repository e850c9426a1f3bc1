using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Http;

/// <summary>
/// A graph or project name in a route that no graph or namespace can have (not a DNS-1123 label) is the caller's mistake:
/// a 400 naming the route value, as the store says why — not the 500 its refusal used to become. In a webhook such a
/// name is simply not one of Smo's graphs.
/// </summary>
public sealed class RouteNameTests
{
    [Theory]
    [InlineData("GET", "/graphs/Shop-Demo", "route: name")]
    [InlineData("POST", "/graphs/a%20b/stop", "route: name")]
    [InlineData("POST", "/graphs/-dash/placement?dryRun=true", "route: name")]
    [InlineData("DELETE", "/graphs/%C3%A9", "route: name")]
    [InlineData("POST", "/graphs/a%252Fb/execute_strategy/first-fit", "route: name")]
    [InlineData("GET", "/project/Shop/graphs", "route: project")]
    public async Task A_name_no_graph_or_project_can_have_is_a_400_naming_the_route_value(string method, string path, string where)
    {
        await using var host = StoreHost.Start();

        var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(where, problem.GetProperty("where").GetString());
        Assert.Contains("is not a valid name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_alert_naming_a_graph_no_graph_can_have_is_skipped_as_unknown_without_echoing_the_name()
    {
        await using var host = StoreHost.Start();

        var response = await host.Client.PostAsync("/alerts", JsonContent.Create(Webhooks.Firing("Not A Graph", "shop-web-busy", "shop-web")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("UnknownGraph", JsonDocument.Parse(text).RootElement.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.DoesNotContain("Not A Graph", text, StringComparison.Ordinal);
    }
}
