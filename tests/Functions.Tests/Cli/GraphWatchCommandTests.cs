using System.Net;
using System.Text;
using System.Text.Json;
using Smo.Cli;
using Smo.Functions.Tests.Graphs;

namespace Smo.Functions.Tests.Cli;

/// <summary><c>smo graph watch</c> against the whole control plane, and against a host that keeps failing.</summary>
public sealed class GraphWatchCommandTests : IDisposable
{
    private const string Graph = "shop-demo";
    private readonly string _home = Directory.CreateTempSubdirectory("smo-cli-watch-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Watch_prints_the_graph_again_each_interval_until_cancelled()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host);
        var output = new ObservedWriter();
        var error = new ObservedWriter();
        using var stop = new CancellationTokenSource();

        var watch = WatchAsync(host.Client, output, error, stop.Token, "graph", "watch", Graph, "--interval", "0.2");
        await output.UntilAsync(text => text.Contains($"Graph {Graph}: Running", StringComparison.Ordinal), "the watch shows the graph running");
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/graphs/{Graph}/stop", null)).StatusCode);
        await output.UntilAsync(text => text.Contains($"Graph {Graph}: Stopped", StringComparison.Ordinal), "the watch shows the graph stopped");
        stop.Cancel();

        Assert.Equal(0, await watch);
        var printed = output.Text;
        Assert.True(Count(printed, $"Graph {Graph}: ") >= 2, printed);
        Assert.Equal(Count(printed, $"Graph {Graph}: "), Count(printed, "│ Service "));
        foreach (var service in (await host.GraphAsync(Graph)).GetProperty("services").EnumerateArray())
        {
            Assert.Contains($"│ {service.GetProperty("name").GetString()} ", printed, StringComparison.Ordinal);
        }

        Assert.Contains("Latest decision: ", printed, StringComparison.Ordinal);
        Assert.Equal("", error.Text);
    }

    [Fact]
    public async Task Watch_exits_1_when_the_graph_is_removed()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host);
        var output = new ObservedWriter();
        var error = new ObservedWriter();

        var watch = WatchAsync(host.Client, output, error, CancellationToken.None, "--json", "graph", "watch", Graph, "--interval", "0.2");
        await output.UntilAsync(text => text.Contains('\n'), "the watch prints the graph");
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.DeleteAsync($"/graphs/{Graph}")).StatusCode);

        Assert.Equal(1, await watch.WaitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains($"graph {Graph} is gone (removed)", error.Text, StringComparison.Ordinal);
        var first = JsonDocument.Parse(output.Text.Split('\n')[0]).RootElement;
        Assert.Equal(Graph, first.GetProperty("name").GetString());
        Assert.Contains(first.GetProperty("services").EnumerateArray(), s => s.GetProperty("name").GetString() == "shop-web");
    }

    [Fact]
    public async Task Watch_gives_up_with_exit_1_after_three_failed_refreshes_in_a_row()
    {
        using var failing = new HttpClient(new AlwaysUnavailable()) { BaseAddress = new Uri("http://smo.test/") };
        var output = new ObservedWriter();
        var error = new ObservedWriter();

        var code = await WatchAsync(failing, output, error, CancellationToken.None, "graph", "watch", Graph, "--interval", "0.2");

        Assert.Equal(1, code);
        Assert.Equal(2, Count(error.Text, "warning: Refresh failed"));
        Assert.Contains("error: 3 refreshes in a row failed; the last: 503", error.Text, StringComparison.Ordinal);
    }

    private Task<int> WatchAsync(HttpClient http, TextWriter output, TextWriter error, CancellationToken cancellationToken, params string[] args) =>
        SmoCli.RunAsync(args, new CliIo(output, error, new StringReader(""), Environment: new CliRunner(_home).Environment), http, cancellationToken);

    private static async Task DeployAsync(ControlPlaneHost host)
    {
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>A host that answers every request with 503, as one restarting behind a proxy does.</summary>
    private sealed class AlwaysUnavailable : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") });
    }
}
