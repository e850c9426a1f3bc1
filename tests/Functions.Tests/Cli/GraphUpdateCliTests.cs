using System.Net;
using System.Text;
using System.Text.Json;
using Smo.Cli;
using Smo.Functions.Tests.Graphs;

namespace Smo.Functions.Tests.Cli;

/// <summary><c>smo graph update | versions | rollback</c> against the whole control plane.</summary>
public sealed class GraphUpdateCliTests : IDisposable
{
    private const string Graph = "shop-demo";
    private readonly string _directory = Directory.CreateTempSubdirectory("smo-cli-update-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_graph_is_updated_listed_by_version_and_rolled_back_through_the_cli()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var changed = Descriptor(ControlPlaneHost.ShopDemo.Replace("resources: { limits: { cpu: \"500m\" } }", "resources: { limits: { cpu: \"750m\" } }", StringComparison.Ordinal));

        var plan = await SmoAsync(host, "graph", "update", Graph, changed, "--dry-run");
        var update = await SmoAsync(host, "graph", "update", Graph, changed, "--wait", "--timeout", "60");
        var versions = await SmoAsync(host, "graph", "versions", Graph);
        var unconfirmed = await SmoAsync(host, "graph", "rollback", Graph);
        var rollback = await SmoAsync(host, "graph", "rollback", Graph, "--version", "1", "--yes", "--wait");
        var json = await SmoAsync(host, "--json", "graph", "versions", Graph);

        Assert.True(plan.Code == 0, plan.Err);
        Assert.Contains("~ shop-web (helm upgrade)", plan.Out, StringComparison.Ordinal);
        Assert.Contains("values: changed: resources.limits.cpu (values not shown)", plan.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed (dry run).", plan.Out, StringComparison.Ordinal);
        Assert.True(update.Code == 0, update.Err);
        Assert.Contains("Accepted: version 2 of graph shop-demo is being applied", update.Out, StringComparison.Ordinal);
        Assert.Contains("Graph shop-demo runs version 2.", update.Out, StringComparison.Ordinal);
        Assert.Equal(0, versions.Code);
        // The table wraps long summaries within their cells: look for words, not whole lines.
        Assert.All(["update", "deploy", "applied", "shop-web"], word => Assert.Contains(word, versions.Out, StringComparison.Ordinal));
        Assert.Equal(2, unconfirmed.Code);
        Assert.Contains("add --yes", unconfirmed.Err, StringComparison.Ordinal);
        Assert.True(rollback.Code == 0, rollback.Err);
        Assert.Contains("Graph shop-demo runs version 3.", rollback.Out, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(3, listed.GetProperty("current").GetInt32());
        Assert.Equal("rollback", listed.GetProperty("versions")[0].GetProperty("origin").GetString());
    }

    [Fact]
    public async Task An_update_the_api_refuses_exits_1_with_where_and_why()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var renamed = await SmoAsync(host, "graph", "update", Graph, Descriptor(ControlPlaneHost.ShopDemo.Replace("id: shop-demo", "id: other-shop", StringComparison.Ordinal)));
        var same = await SmoAsync(host, "graph", "update", Graph, Descriptor(ControlPlaneHost.ShopDemo));

        Assert.Equal(1, renamed.Code);
        Assert.Contains("(where: hdaGraph.id)", renamed.Err, StringComparison.Ordinal);
        Assert.Equal(0, same.Code);
        Assert.Contains("Nothing to apply: no changes.", same.Out, StringComparison.Ordinal);
    }

    private string Descriptor(string text)
    {
        var path = Path.Combine(_directory, $"graph-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> SmoAsync(ControlPlaneHost host, params string[] args)
    {
        var run = await CliRunner.WithoutSettings().RunAsync(host.Client, args);
        return (run.Code, run.Out, run.Err);
    }
}
