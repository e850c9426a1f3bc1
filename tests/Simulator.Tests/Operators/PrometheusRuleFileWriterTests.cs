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

    [Fact]
    public async Task A_deleted_rule_object_leaves_the_rule_file()
    {
        var simulation = new Simulation(Scenario.Default, TimeProvider.System);
        var path = Path.Combine(_directory, "smo.yml");
        var writer = new PrometheusRuleFileWriter(simulation, path);
        await writer.StartAsync(CancellationToken.None);
        simulation.Write(state => state.Store.Create(ResourceCatalog.PrometheusRules, new JsonObject
        {
            ["apiVersion"] = "monitoring.coreos.com/v1", ["kind"] = "PrometheusRule",
            ["metadata"] = new JsonObject { ["name"] = "smo-shop", ["namespace"] = "monitoring" },
            ["spec"] = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "smo-shop", ["rules"] = new JsonArray() }) },
        }));
        var withShop = JsonNode.Parse(File.ReadAllText(path))!["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ToList();

        simulation.Write(state => state.Store.Delete(ResourceCatalog.PrometheusRules, "monitoring", "smo-shop"));
        await writer.StopAsync(CancellationToken.None);
        var after = JsonNode.Parse(File.ReadAllText(path))!["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ToList();

        Assert.Equal(["smo-alerts", "smo-shop"], withShop);
        Assert.Equal(["smo-alerts"], after);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
