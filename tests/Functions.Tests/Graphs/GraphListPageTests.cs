using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Smo.Functions.Graphs;
using Smo.Functions.Secrets;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>A graph list holds full graphs, so it answers a page at a time: the body stays a JSON array, a Link header leads on.</summary>
public sealed class GraphListPageTests
{
    private static readonly SecretValues Secrets = new(new ConfigurationBuilder().Build());

    [Fact]
    public void Of_answers_one_page_in_name_order_and_links_to_the_rest()
    {
        var graphs = Enumerable.Range(0, GraphListPage.Size + 5).Select(i => Graph($"g{i:D3}")).Reverse();
        var request = Request("");

        var page = Listed(GraphListPage.Of(request, graphs, Secrets));

        Assert.Equal(GraphListPage.Size, page.Count);
        Assert.Equal("g000", page[0].Name);
        Assert.Equal($"g{GraphListPage.Size - 1:D3}", page[^1].Name);
        Assert.Equal($"<http://smo.test/graphs?after=g{GraphListPage.Size - 1:D3}>; rel=\"next\"", request.HttpContext.Response.Headers.Link.ToString());
    }

    [Fact]
    public void Of_continues_after_the_named_graph_and_the_last_page_has_no_link()
    {
        var graphs = Enumerable.Range(0, GraphListPage.Size + 5).Select(i => Graph($"g{i:D3}"));
        var request = Request($"?after=g{GraphListPage.Size - 1:D3}");

        var page = Listed(GraphListPage.Of(request, graphs, Secrets));

        Assert.Equal(Enumerable.Range(GraphListPage.Size, 5).Select(i => $"g{i:D3}"), page.Select(g => g.Name));
        Assert.Equal(0, request.HttpContext.Response.Headers.Link.Count);
    }

    [Fact]
    public void Of_lists_each_graph_with_its_descriptor_and_service_objects()
    {
        var page = Listed(GraphListPage.Of(Request(""), [Graph("shop", "web", "catalogue")], Secrets));

        var shop = Assert.Single(page);
        Assert.Equal("shop", shop.HdaGraph.GetProperty("id").GetString());
        Assert.Equal(["web", "catalogue"], shop.Services.Select(s => s.Name));
        Assert.Equal(2, shop.ServiceCount);
        Assert.All(shop.Services, s => Assert.Null(s.Why));
    }

    private static List<GraphListItem> Listed(IResult result) => Assert.IsType<Ok<List<GraphListItem>>>(result).Value!;

    private static HttpRequest Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("smo.test");
        context.Request.Path = "/graphs";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private static GraphRecord Graph(string name, params string[] services) => new()
    {
        Name = name,
        Project = "demo",
        Status = GraphStatus.Running,
        Descriptor = JsonSerializer.SerializeToElement(new { hdaGraph = new { id = name } }),
        Placement = new Dictionary<string, string>(),
        Strategies = new GraphStrategies("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(5)),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Version = 1,
        Services = [.. services.Select(s => new ServiceRecord
        {
            Graph = name,
            Name = s,
            Status = ServiceStatus.Deployed,
            Conditional = false,
            Artifact = new ServiceArtifact("oci://127.0.0.1:5000/shop/" + s),
            Resources = new ServiceResources(1, 1, 10),
            HelmValues = JsonSerializer.SerializeToElement(new { }),
            AlertRules = [],
            DesiredReplicas = 1,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        })],
    };
}
