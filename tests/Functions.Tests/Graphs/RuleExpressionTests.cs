using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A descriptor's PromQL (trigger events, policies) becomes Prometheus alert rules: the real Prometheus's parser
/// checks every expression before anything is stored, and a refusal says where and what the parser said.
/// </summary>
public sealed class RuleExpressionTests
{
    private const string EventQuery = "sum(rate(flask_http_request_total{service=\"shop-web\"}[30s])) > 50";
    private const string EventPath = "hdaGraph.services[2].deployment.trigger.event.events[0].condition.promQuery";

    private static string WithEventQuery(string query)
    {
        Assert.Contains(EventQuery, ControlPlaneHost.ShopDemo, StringComparison.Ordinal);
        return ControlPlaneHost.ShopDemo.Replace(EventQuery, query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sum(rate(flask_http_request_total[30s]) > 50", "unclosed left parenthesis")]
    [InlineData("rate(flask_http_request_total[30x]) > 1", "bad duration syntax")]
    [InlineData("flask_http_request_total{service=~\"(\"} > 1", "error parsing regexp")]
    public async Task PromQL_the_parser_refuses_is_refused_at_its_path_and_nothing_is_stored(string query, string parserSays)
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(WithEventQuery(query), Encoding.UTF8, "application/yaml"));
        var whatIf = await host.Client.PostAsync("/project/shop/graphs?dryRun=true", new StringContent(WithEventQuery(query), Encoding.UTF8, "application/yaml"));

        var problem = await deploy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, deploy.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, whatIf.StatusCode);
        Assert.Equal(EventPath, problem.GetProperty("where").GetString());
        Assert.Contains(parserSays, problem.GetProperty("errors")[0].GetProperty("found").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    [Fact]
    public async Task A_policy_and_an_event_with_bad_PromQL_are_both_reported()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        const string scaling = "      scaling: { alpha: 20, beta: 0, minReplicas: 1, maxReplicas: 8 }\n";
        var descriptor = WithEventQuery("up >").Replace(scaling,
            scaling + "      policies:\n        - { id: hot, action: migrate, promQuery: \"vector(0) > 1\" }\n        - { id: cold, action: migrate, promQuery: \"(\" }\n",
            StringComparison.Ordinal);

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));

        var problem = await deploy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, deploy.StatusCode);
        Assert.Equal([EventPath, "hdaGraph.services[0].policies[1].promQuery"],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList());
    }

    [Fact]
    public async Task Without_a_Prometheus_to_ask_a_graph_with_rules_is_refused_naming_the_setting()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Prometheus__BaseUrl"] = "" });

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));

        var problem = await deploy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, deploy.StatusCode);
        Assert.Contains("Smo:Prometheus:BaseUrl", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    [Fact]
    public async Task When_Prometheus_cannot_be_reached_nothing_is_stored_unchecked()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Smo__Prometheus__BaseUrl"] = "http://127.0.0.1:9/", ["Smo__Prometheus__Resilience__MaxRetries"] = "0",
        });

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));

        var problem = await deploy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, deploy.StatusCode);
        Assert.StartsWith("The descriptor's PromQL could not be checked: Prometheus:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }
}
