using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Installs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Helm releases belong to one graph: named after graph and service, marked with their owner, and never taken over —
/// a deploy that would share another graph's Deployment or a release Smo did not install is refused naming the owner.
/// </summary>
public sealed class ReleaseOwnershipTests
{
    private const string Graph = "shop-demo";

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static string Renamed(string graph) => ControlPlaneHost.ShopDemo.Replace($"id: {Graph}\n", $"id: {graph}\n", StringComparison.Ordinal);

    [Fact]
    public async Task Releases_are_named_after_graph_and_service_and_deployments_after_the_service()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", Yaml(ControlPlaneHost.ShopDemo))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var releases = await ReleasesAsync(host);
        Assert.Equal(["shop-demo-shop-catalogue", "shop-demo-shop-web"], releases.Keys.Order());
        Assert.Equal(["shop-catalogue", "shop-web"], (await host.DeploymentsAsync("shop")).Keys.Order());

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.DeleteAsync($"/graphs/{Graph}")).StatusCode);
        await WaitAsync(async () => (await ReleasesAsync(host)).Count == 0, "removing the graph uninstalls its releases");
    }

    [Fact]
    public async Task A_second_graph_with_a_service_of_the_same_name_in_the_project_is_refused_naming_the_owner()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", Yaml(ControlPlaneHost.ShopDemo))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var before = await ReleasesAsync(host);

        var refused = await host.Client.PostAsync("/project/shop/graphs", Yaml(Renamed("shop-copy")));
        var elsewhere = await host.Client.PostAsync("/project/other-shop/graphs", Yaml(Renamed("shop-copy")));

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("would share its Deployment in project 'shop' with graph 'shop-demo', which owns it", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, elsewhere.StatusCode);
        await host.UntilGraphAsync("shop-copy", g => g.GetProperty("status").GetString() == "Running", "the copy runs in its own project");
        Assert.Equal(before, (await ReleasesAsync(host)).Where(r => r.Value == "shop").ToDictionary());
    }

    [Fact]
    public async Task A_release_of_the_graphs_name_that_smo_did_not_install_is_refused_naming_its_installer_and_left_alone()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var foreign = await simulator.PostAsync(
            "sim/helm/releases/shop/shop-demo-shop-web?chart=oci%3A%2F%2F127.0.0.1%3A5000%2Fother%2Fweb&install=true&createNamespace=true&description=ops%20team%20hotfix",
            new StringContent("clustersAffinity: [member1]\n"));
        Assert.True(foreign.IsSuccessStatusCode, await foreign.Content.ReadAsStringAsync());

        var refused = await host.Client.PostAsync("/project/shop/graphs", Yaml(ControlPlaneHost.ShopDemo));

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Helm release 'shop-demo-shop-web' in project 'shop' exists and is not this graph's: it was installed by another installer (description 'ops team hotfix')",
            problem.GetProperty("detail").GetString());
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
        Assert.Equal(["shop-demo-shop-web"], (await ReleasesAsync(host)).Keys);
    }

    [Theory]
    [InlineData("--set=image.repository=evil", "starts with '-'")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not allowed")]
    [InlineData("oci://127.0.0.1:5000/smo-demo/$(id)", "shell characters")]
    public async Task A_chart_reference_helm_must_not_see_is_refused_at_its_path(string chart, string reason)
    {
        await using var host = await ControlPlaneHost.StartAsync();
        const string web = "ociImage: oci://127.0.0.1:5000/smo-demo/shop-web";
        Assert.Contains(web, ControlPlaneHost.ShopDemo, StringComparison.Ordinal);

        var refused = await host.Client.PostAsync("/project/shop/graphs",
            Yaml(ControlPlaneHost.ShopDemo.Replace(web, $"ociImage: \"{chart}\"", StringComparison.Ordinal)));

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("hdaGraph.services[0].artifact.ociImage", problem.GetProperty("where").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    [Theory]
    [InlineData("shop-demo", "shop-web", "shop-demo-shop-web")]
    [InlineData("a-graph-with-a-rather-long-name-of-forty-chars", "and-a-service-name", "a-graph-with-a-rather-long-name-of-forty-cha-")]
    public void Release_names_are_stable_valid_and_at_most_53_characters(string graph, string service, string expectedStart)
    {
        var name = ReleaseNames.For(graph, service);

        Assert.StartsWith(expectedStart.TrimEnd('-'), name);
        Assert.Equal(name, ReleaseNames.For(graph, service));
        Assert.InRange(name.Length, 1, ReleaseNames.MaxLength);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
        Assert.NotEqual(ReleaseNames.For(graph, service + "x"), name);
    }

    /// <summary>The simulator's releases: name → namespace.</summary>
    private static async Task<Dictionary<string, string>> ReleasesAsync(ControlPlaneHost host)
    {
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var releases = await simulator.GetFromJsonAsync<JsonElement>("sim/helm/releases");
        return releases.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("namespace").GetString()!);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(200);
        }
    }
}
