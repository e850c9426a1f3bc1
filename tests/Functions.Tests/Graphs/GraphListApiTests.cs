using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Graphs;
using Smo.Functions.Tests.Infrastructure;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>Graph lists through the host: pages read from the store, a key's projects filtered there, the Link followed as a client would.</summary>
public sealed class GraphListApiTests
{
    private const string ShopKey = "key-of-shop";

    [Fact]
    public async Task List_link_leads_a_client_with_a_code_parameter_to_a_full_second_page_of_its_projects_graphs()
    {
        await using var host = StoreHost.Start(new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["Smo__Keys__Projects__shop"] = ShopKey,
        });
        // Graphs of another project sort between the shop's: a page filtered after reading would come back short.
        await CreateGraphsAsync(host, "shop", Names("s", GraphListPage.Size + 5));
        await CreateGraphsAsync(host, "lab", Names("m", 50));

        var first = await host.Client.GetAsync($"/graphs?code={ShopKey}");
        var link = first.Headers.GetValues("Link").Single();
        var next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
        var second = await host.Client.GetAsync(next);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(Names("s", GraphListPage.Size), await NamesAsync(first));
        Assert.Equal($"/graphs?code={ShopKey}&after=s{GraphListPage.Size - 1:D3}", next);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(Names("s", GraphListPage.Size + 5).Skip(GraphListPage.Size), await NamesAsync(second));
        Assert.False(second.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("/graphs?after=Not%20a%20name")]
    [InlineData("/project/shop/graphs?after=Not%20a%20name")]
    public async Task List_refuses_an_after_that_is_no_graph_name_naming_the_parameter(string path)
    {
        await using var host = StoreHost.Start();

        var refused = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("query: after", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
    }

    /// <summary><paramref name="count"/> names <paramref name="prefix"/>000, <paramref name="prefix"/>001, … in name order.</summary>
    internal static IReadOnlyList<string> Names(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i:D3}")];

    /// <summary>Graphs written straight to the store: a list reads them as it reads deployed ones, without deploying hundreds.</summary>
    internal static async Task CreateGraphsAsync(StoreHost host, string project, IEnumerable<string> names)
    {
        var store = host.Factory.Services.GetRequiredService<GraphStore>();
        foreach (var name in names)
        {
            var service = new NewService("web", ServiceStatus.Deployed, Conditional: false, new ServiceArtifact("oci://registry.local/charts/web:1.0.0", "helm", "WOT"), new ServiceResources(1, 1, 10));
            var graph = new NewGraph(name, project, JsonSerializer.SerializeToElement(new { id = name }),
                new GraphStrategies("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(30)), [service]);
            Assert.True(await store.TryCreateAsync(graph));
        }
    }

    private static async Task<List<string>> NamesAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(g => g.GetProperty("name").GetString()!)];
}
