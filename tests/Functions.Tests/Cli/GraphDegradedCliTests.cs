using System.Net;
using System.Text;
using Smo.Functions.Tests.Graphs;

namespace Smo.Functions.Tests.Cli;

/// <summary><c>smo</c> on a Degraded graph: what a failed cluster holds, where, since when and why, is printed; a graph that runs degraded has deployed.</summary>
public sealed class GraphDegradedCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("smo-cli-degraded-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Describe_names_each_service_a_failed_cluster_holds_with_the_cluster_since_when_and_why()
    {
        const string graph = "pinned-cli";
        await using var host = await ControlPlaneHost.StartAsync(scenario: DegradedTests.Scenario);
        await DegradedTests.DeployAsync(host, graph, DegradedTests.Pinned(graph, "m1"));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        await DegradedTests.FailAsync(simulator, "m1");
        var degraded = await host.UntilGraphAsync(graph, g => g.GetProperty("status").GetString() == "Degraded", "the graph is degraded", seconds: 45);
        var since = degraded.GetProperty("degraded")[0].GetProperty("since").GetDateTimeOffset().UtcDateTime;

        var described = await CliRunner.WithoutSettings().RunAsync(host.Client, ["graph", "describe", graph]);

        Assert.True(described.Code == 0, described.Err);
        Assert.Contains($"Graph {graph} in project degraded: Degraded", described.Out, StringComparison.Ordinal);
        Assert.Contains($"Degraded: front on m1 since {since:yyyy-MM-dd HH:mm:ss}: m1 is not ready; pinned to m1 (clustersAffinity)",
            OneLine(described.Out), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_with_wait_ends_0_when_the_graph_runs_degraded_and_says_what_a_failed_cluster_holds()
    {
        var descriptor = Path.Combine(_directory, "graph.yaml");
        await File.WriteAllTextAsync(descriptor, "hdaGraph: {id: g}\n");
        using var http = new HttpClient(new DegradedOnArrival()) { BaseAddress = new Uri("http://smo.test/") };

        var deploy = await CliRunner.WithoutSettings().RunAsync(http, ["graph", "deploy", descriptor, "-p", "p", "--wait", "--timeout", "10"]);

        Assert.True(deploy.Code == 0, deploy.Err);
        Assert.Contains("Graph g runs degraded: front on m1 since 2026-01-02 03:04:05: m1 is not ready; pinned to m1 (clustersAffinity)", OneLine(deploy.Out), StringComparison.Ordinal);
    }

    private static string OneLine(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    /// <summary>A host whose graph is Degraded by the time the first poll comes (a pinned cluster failed right after the install).</summary>
    private sealed class DegradedOnArrival : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult((request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("POST", "/project/p/graphs") => Json(HttpStatusCode.Accepted,
                    """{"name": "g", "project": "p", "status": "Deploying", "statusUrl": "http://smo.test/graphs/g", "warnings": []}"""),
                ("GET", "/graphs/g") => Json(HttpStatusCode.OK,
                    """
                    {"name": "g", "status": "Degraded", "placement": {"front": "m1"},
                     "degraded": [{"service": "front", "cluster": "m1", "since": "2026-01-02T03:04:05+00:00",
                                   "reason": "m1 is not ready; pinned to m1 (clustersAffinity), and none of it is available: it runs again when one returns"}],
                     "orchestration": {"customStatus": {"step": "waiting"}}}
                    """),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            });

        private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
