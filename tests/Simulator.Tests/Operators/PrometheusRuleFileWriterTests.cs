using System.Text.Json.Nodes;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Operators;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Tests.Operators;

public sealed class PrometheusRuleFileWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("smo-rules-").FullName;

    [Fact]
    public async Task Every_rule_write_renders_all_groups_into_the_rule_file()
    {
        var simulation = new Simulation(Scenario.Default, TimeProvider.System);
        var path = Path.Combine(_directory, "sub", "smo.yml");
        var writer = new PrometheusRuleFileWriter(simulation, path);

        await writer.StartAsync(CancellationToken.None);
        var initial = JsonNode.Parse(File.ReadAllText(path))!;
        simulation.Write(state =>
        {
            var rule = state.Store.Get(ResourceCatalog.PrometheusRules, "monitoring", "kube-prometheus-stack-0")!;
            rule["spec"]!["groups"]![0]!["rules"] = new JsonArray(new JsonObject { ["alert"] = "busy", ["expr"] = "vector(1) > 0", ["for"] = "5s" });
            return state.Store.Update(ResourceCatalog.PrometheusRules, rule);
        });
        await writer.StopAsync(CancellationToken.None);
        var rendered = JsonNode.Parse(File.ReadAllText(path))!;

        // The built-in scenario seeds the smo-alerts group empty.
        Assert.Equal("smo-alerts", initial["groups"]![0]!["name"]!.GetValue<string>());
        Assert.Empty(initial["groups"]![0]!["rules"]!.AsArray());
        Assert.Equal("busy", rendered["groups"]![0]!["rules"]![0]!["alert"]!.GetValue<string>());
        Assert.False(File.Exists(path + ".tmp"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
