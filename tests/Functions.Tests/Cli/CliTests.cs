using System.Text.Json;
using Smo.Cli;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Graphs;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Cli;

/// <summary>The <c>smo</c> command line against the whole control plane (real PostgreSQL, the simulated federation).</summary>
public sealed class CliTests : IDisposable
{
    private const string Graph = "shop-demo";

    private readonly string _directory = Directory.CreateTempSubdirectory("smo-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Clusters_and_a_graph_from_deploy_to_remove_through_the_cli()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        var descriptor = Descriptor(ControlPlaneHost.ShopDemo);

        var clusters = await SmoAsync(host, "cluster", "sync");
        Assert.Equal(0, clusters.Code);
        Assert.All(["member1", "member2", "member3"], name => Assert.Contains(name, clusters.Out, StringComparison.Ordinal));

        var energy = await SmoAsync(host, "cluster", "energy", "member3", "--pue", "1.2", "--idle-watts", "4", "--max-watts", "12", "--carbon", "45", "--forecast", "40", "35");
        var badEnergy = await SmoAsync(host, "cluster", "energy", "member3", "--pue", "0.5", "--idle-watts", "4", "--max-watts", "12", "--carbon", "45");
        var listed45 = await SmoAsync(host, "cluster", "list");
        Assert.True(energy.Code == 0, energy.Err);
        Assert.Equal(1, badEnergy.Code);
        Assert.Contains("PUE", badEnergy.Err, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("45", listed45.Out.Split('\n').Single(line => line.Contains("member3", StringComparison.Ordinal)), StringComparison.Ordinal);

        var plan = await SmoAsync(host, "graph", "deploy", descriptor, "--project", "shop", "--dry-run");
        Assert.Equal(0, plan.Code);
        Assert.Contains("What-if (smo-milp): Optimal.", plan.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed (dry run).", plan.Out, StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));

        var deploy = await SmoAsync(host, "graph", "deploy", descriptor, "-p", "shop", "--wait", "--timeout", "60");
        Assert.True(deploy.Code == 0, deploy.Err);
        Assert.Contains($"Graph {Graph} runs; placement:", deploy.Out, StringComparison.Ordinal);

        var listed = await SmoAsync(host, "graph", "list");
        var elsewhere = await SmoAsync(host, "graph", "list", "--project", "other");
        var described = await SmoAsync(host, "graph", "describe", Graph);
        var replace = await SmoAsync(host, "graph", "re-place", Graph, "--dry-run");
        Assert.Contains(Graph, listed.Out, StringComparison.Ordinal);
        Assert.Contains("Running", listed.Out, StringComparison.Ordinal);
        // The list's Services column counts them (serviceCount; the original's services is the list of them).
        Assert.Contains(" 3 ", listed.Out.Split('\n').Single(line => line.Contains(Graph, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(Graph, elsewhere.Out, StringComparison.Ordinal);
        Assert.Contains("shop-web", described.Out, StringComparison.Ordinal);
        Assert.Contains("Deployed", described.Out, StringComparison.Ordinal);
        await AssertWhyHereAsync(host, described.Out);
        Assert.Contains("No service moves.", replace.Out, StringComparison.Ordinal);

        var weights = await SmoAsync(host, "graph", "weights", Graph, "utilisation=0.6", "transition=0.1");
        var badTerm = await SmoAsync(host, "graph", "weights", Graph, "utilization=0.6");
        var nothingGiven = await SmoAsync(host, "graph", "weights", Graph);
        var describedWeights = await SmoAsync(host, "graph", "describe", Graph);
        var strategyPlan = await SmoAsync(host, "graph", "execute-strategy", Graph, "smo-milp", "--weight", "carbon=5", "--time-limit", "2", "--dry-run");
        var scalingRun = await SmoAsync(host, "graph", "execute-strategy", Graph, "smo-milp", "--kind", "scaling", "--weight", "utilisation=0.7");
        Assert.True(weights.Code == 0, weights.Err);
        Assert.Contains("Weights of graph shop-demo: transition=0.1, utilisation=0.6", weights.Out, StringComparison.Ordinal);
        Assert.Equal(1, badTerm.Code);
        Assert.Contains("where: body.utilization", badTerm.Err, StringComparison.Ordinal);
        Assert.Equal(2, nothingGiven.Code);
        Assert.True(strategyPlan.Code == 0, strategyPlan.Err);
        Assert.Contains("What-if (smo-milp)", strategyPlan.Out, StringComparison.Ordinal);
        Assert.True(scalingRun.Code == 0, scalingRun.Err);
        Assert.Contains("Accepted: ExecuteStrategy", scalingRun.Out, StringComparison.Ordinal);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("strategies").GetProperty("weights").TryGetProperty("utilisation", out var u) && u.GetDouble() == 0.7,
            "the scaling run's weight is adopted");
        Assert.Contains("Weights: transition=0.1, utilisation=0.6", describedWeights.Out, StringComparison.Ordinal);

        // Without a terminal nothing is asked, and nothing is done without --yes.
        var unconfirmed = await SmoAsync(host, "graph", "stop", Graph);
        Assert.Equal(2, unconfirmed.Code);
        Assert.Contains("--yes", unconfirmed.Err, StringComparison.Ordinal);
        Assert.Equal("Running", (await host.GraphAsync(Graph)).GetProperty("status").GetString());

        var remove = await SmoAsync(host, "graph", "remove", Graph, "--yes");
        Assert.Equal(0, remove.Code);
        Assert.Contains("Accepted: Remove", remove.Out, StringComparison.Ordinal);
        await UntilGoneAsync(host);
    }

    [Fact]
    public async Task Mistakes_and_refusals_say_why_with_their_exit_codes()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var unknown = await SmoAsync(host, "graph", "describe", "nothing");
        var noFile = await SmoAsync(host, "graph", "deploy", Path.Combine(_directory, "missing.yaml"), "-p", "shop");
        var invalid = await SmoAsync(host, "graph", "deploy", Descriptor(ControlPlaneHost.ShopDemo.Replace("cpu: light", "cpu: huge", StringComparison.Ordinal)), "-p", "shop");
        var noProject = await SmoAsync(host, "graph", "deploy", Descriptor(ControlPlaneHost.ShopDemo));
        var json = await SmoAsync(host, "--json", "graph", "list");
        var unreachable = await SmoAsync(null, "--url", "http://127.0.0.1:9", "cluster", "list");

        Assert.Equal((1, true), (unknown.Code, unknown.Err.Contains("No graph is named 'nothing'", StringComparison.Ordinal)));
        Assert.Equal((2, true), (noFile.Code, noFile.Err.Contains("No file", StringComparison.Ordinal)));
        Assert.Equal(1, invalid.Code);
        Assert.Contains("where: hdaGraph.services[0].deployment.intent.compute.cpu", invalid.Err, StringComparison.Ordinal);
        Assert.NotEqual(0, noProject.Code);
        Assert.Contains("--project", noProject.Err, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(json.Out).RootElement.ValueKind);
        Assert.Equal(1, unreachable.Code);
        Assert.Contains("not reachable", unreachable.Err, StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    /// <summary>Describe prints, per service, the API's line saying why it runs where it does.</summary>
    private static async Task AssertWhyHereAsync(ControlPlaneHost host, string described)
    {
        var printed = OneLine(described);
        Assert.Contains("Why here:", printed, StringComparison.Ordinal);
        foreach (var service in (await host.GraphAsync(Graph)).GetProperty("services").EnumerateArray())
        {
            var whyHere = service.GetProperty("why").GetProperty("whyHere").GetString()!;
            Assert.StartsWith($"{service.GetProperty("cluster_affinity").GetString()}: ", whyHere, StringComparison.Ordinal);
            Assert.Contains($"{service.GetProperty("name").GetString()}: {OneLine(whyHere)}", printed, StringComparison.Ordinal);
        }
    }

    /// <summary>The console wraps long lines at its width: compare text with its runs of white space as one space.</summary>
    private static string OneLine(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private string Descriptor(string text)
    {
        var path = Path.Combine(_directory, $"graph-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <param name="host">The host to talk to, or null to let the CLI make its own client from --url.</param>
    private static async Task<(int Code, string Out, string Err)> SmoAsync(ControlPlaneHost? host, params string[] args)
    {
        var run = await CliRunner.WithoutSettings().RunAsync(host?.Client, args);
        return (run.Code, run.Out, run.Err);
    }

    private static async Task UntilGoneAsync(ControlPlaneHost host)
    {
        for (var i = 0; i < 120; i++)
        {
            if ((await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"graph {Graph} was not removed");
    }
}
