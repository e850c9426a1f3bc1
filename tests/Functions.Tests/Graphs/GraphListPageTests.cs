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
    public void Of_answers_one_page_and_links_to_the_rest_after_its_last_graph()
    {
        var fetched = Enumerable.Range(0, GraphListPage.Size + 1).Select(i => Graph($"g{i:D3}")).ToList();
        var request = Request("");

        var page = Listed(GraphListPage.Of(request, fetched, Secrets));

        Assert.Equal(GraphListPage.Size, page.Count);
        Assert.Equal($"g{GraphListPage.Size - 1:D3}", page[^1].Name);
        Assert.Equal($"</graphs?after=g{GraphListPage.Size - 1:D3}>; rel=\"next\"", request.HttpContext.Response.Headers.Link.ToString());
    }

    [Fact]
    public void Of_gives_the_last_page_no_link()
    {
        var fetched = Enumerable.Range(0, GraphListPage.Size).Select(i => Graph($"g{i:D3}")).ToList();
        var request = Request("?after=a");

        var page = Listed(GraphListPage.Of(request, fetched, Secrets));

        Assert.Equal(GraphListPage.Size, page.Count);
        Assert.Equal(0, request.HttpContext.Response.Headers.Link.Count);
    }

    [Fact]
    public void Next_is_relative_keeps_the_other_parameters_and_replaces_after()
    {
        var request = Request("?code=k%26ey&After=g001&tag=a&tag=b");
        request.PathBase = "/smo";

        var next = GraphListPage.Next(request, "g100");

        Assert.Equal("/smo/graphs?code=k%26ey&tag=a&tag=b&after=g100", next);
    }

    [Fact]
    public void Next_escapes_values_that_would_end_the_link()
    {
        var next = GraphListPage.Next(Request("?x=%3E%3B%20rel%3D%22evil%22"), "g100");

        Assert.DoesNotContain('>', next);
        Assert.DoesNotContain('"', next);
        Assert.DoesNotContain(' ', next);
    }

    [Fact]
    public async Task ReadAsync_asks_for_one_more_than_a_page_after_the_named_graph()
    {
        (string? After, int Limit) asked = default;

        await GraphListPage.ReadAsync(Request("?after=g099"), (after, limit) =>
        {
            asked = (after, limit);
            return Task.FromResult<IReadOnlyList<GraphRecord>>([]);
        }, Secrets);

        Assert.Equal(("g099", GraphListPage.Size + 1), asked);
    }

    [Fact]
    public async Task ReadAsync_refuses_a_name_the_store_refuses_naming_the_query_parameter()
    {
        var result = await GraphListPage.ReadAsync(Request("?after=NOT%20A%20NAME"),
            (after, _) => throw new ArgumentException($"The graph a page starts after '{after}' is not a valid name.", GraphListPage.AfterParameter), Secrets);

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Equal("query: after", problem.ProblemDetails.Extensions["where"]);
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
