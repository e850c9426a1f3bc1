using System.Net;
using System.Text;
using System.Text.Json;
using Smo.Cli;
using Smo.Functions.Graphs;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Cli;

/// <summary><c>smo graph list</c> reads every page of the list, following the API's Link on its own host only, and a bounded number of them.</summary>
public sealed class GraphListCliTests
{
    private static readonly int Listed = GraphListPage.Size + 5;

    [Fact]
    public async Task Graph_list_follows_the_link_and_shows_every_graph()
    {
        await using var host = StoreHost.Start();
        await GraphListApiTests.CreateGraphsAsync(host, "shop", GraphListApiTests.Names("g", Listed));

        var json = await CliRunner.WithoutSettings().RunAsync(host.Client, ["--json", "graph", "list"]);
        var table = await CliRunner.WithoutSettings().RunAsync(host.Client, ["graph", "list", "-p", "shop"]);

        Assert.True(json.Code == 0, json.Err);
        Assert.Equal(GraphListApiTests.Names("g", Listed), JsonDocument.Parse(json.Out).RootElement.EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains($"g{Listed - 1:D3}", table.Out, StringComparison.Ordinal);
        Assert.Equal("", table.Err);
    }

    [Fact]
    public async Task GetListAsync_reads_at_most_the_pages_it_is_given_from_a_host_that_always_links_on()
    {
        var host = new LinkingHost(page => $"</graphs?after=p{page}>; rel=\"next\"");
        var api = new SmoApi(new HttpClient(host) { BaseAddress = new Uri("http://smo.test/") }, null);

        var (items, complete) = await api.GetListAsync("graphs", 3, CancellationToken.None);

        Assert.Equal(3, items.Count);
        Assert.False(complete);
        Assert.Equal(["/graphs", "/graphs?after=p1", "/graphs?after=p2"], host.Asked);
    }

    [Fact]
    public async Task GetListAsync_refuses_a_link_to_another_host_that_would_be_sent_the_key()
    {
        var host = new LinkingHost(_ => "<http://elsewhere.test/graphs?after=x>; rel=\"next\"");
        var api = new SmoApi(new HttpClient(host) { BaseAddress = new Uri("http://smo.test/") }, "the-key");

        var refused = await Assert.ThrowsAsync<SmoApiException>(() => api.GetListAsync("graphs", 3, CancellationToken.None));

        Assert.Contains("not followed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["/graphs"], host.Asked);
    }

    /// <summary>Answers every GET with a one-graph page and the Link <c>link</c> makes of the page's number (1 first).</summary>
    private sealed class LinkingHost(Func<int, string> link) : HttpMessageHandler
    {
        public List<string> Asked { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked.Add(request.RequestUri!.PathAndQuery);
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent($"[{{\"name\":\"g{Asked.Count}\"}}]", Encoding.UTF8, "application/json"),
            };
            response.Headers.TryAddWithoutValidation("Link", link(Asked.Count));
            return Task.FromResult(response);
        }
    }
}
