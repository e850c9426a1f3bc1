using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// What the Prometheus operator does, done by the test: a PrometheusRule in the simulator whose groups are rendered
/// into a rule file of the real Prometheus on every write (seen through the simulator's ObjectStored, as a watch
/// would), and adapters wired to both.
/// </summary>
public sealed class PrometheusRuleOperator : IAsyncDisposable
{
    public const string Namespace = "monitoring";
    public const string Name = "kube-prometheus-stack-0";

    private readonly string _ruleFile;

    private PrometheusRuleOperator(SimulatedKarmada simulator, string ruleFile, string otherTeamRecord)
    {
        Simulator = simulator;
        _ruleFile = ruleFile;
        OtherTeamRecord = otherTeamRecord;
        Services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Karmada:Host", simulator.BaseUrl.ToString()),
            ("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString()),
            ("Smo:PrometheusRule:Namespace", Namespace),
            ("Smo:PrometheusRule:Name", Name)), AdapterServices.FastResilience("Smo:PrometheusRule"));
        simulator.Host.Simulation.ObjectStored += Render;
    }

    /// <summary>The API server holding the PrometheusRule.</summary>
    public SimulatedKarmada Simulator { get; }

    public ServiceProvider Services { get; }

    /// <summary>A recording rule of another team, which Smo must leave alone.</summary>
    public string OtherTeamRecord { get; }

    /// <summary>The request path of the PrometheusRule, for faults and request counts.</summary>
    public static string Path => $"/apis/monitoring.coreos.com/v1/namespaces/{Namespace}/prometheusrules/{Name}";

    public JsonObject Stored => Simulator.Stored(ResourceCatalog.PrometheusRules, Namespace, Name);

    public static async Task<PrometheusRuleOperator> StartAsync()
    {
        var (rules, _) = await LocalServices.PrometheusDirectoriesAsync();
        var otherTeamRecord = $"other_team_{Guid.NewGuid():N}:up";
        var simulator = await SimulatedKarmada.StartAsync(new FederationScenario().Cluster("member1").Object(new JsonObject
        {
            ["apiVersion"] = "monitoring.coreos.com/v1",
            ["kind"] = "PrometheusRule",
            ["metadata"] = new JsonObject
            {
                ["name"] = Name, ["namespace"] = Namespace, ["labels"] = new JsonObject { ["release"] = "kube-prometheus-stack" },
            },
            ["spec"] = new JsonObject
            {
                ["groups"] = new JsonArray(new JsonObject
                {
                    ["name"] = "other-team",
                    ["rules"] = new JsonArray(new JsonObject { ["record"] = otherTeamRecord, ["expr"] = "vector(1)" }),
                }),
            },
        }));
        return new PrometheusRuleOperator(simulator, System.IO.Path.Combine(rules, $"adapters-{Guid.NewGuid():N}.yml"), otherTeamRecord);
    }

    /// <summary>The alerting rule names the real Prometheus has loaded.</summary>
    public static async Task<IReadOnlyList<string>> LoadedAlertNamesAsync()
    {
        using var http = new HttpClient { BaseAddress = LocalServices.Prometheus };
        var rules = await http.GetFromJsonAsync<JsonObject>("api/v1/rules?type=alert");
        return rules!["data"]!["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray())
            .Select(r => r!["name"]!.GetValue<string>())
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Simulator.Host.Simulation.ObjectStored -= Render;
        File.Delete(_ruleFile);
        using (var http = new HttpClient { BaseAddress = LocalServices.Prometheus })
        {
            await http.PostAsync("-/reload", null);
        }

        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }

    // JSON is YAML, so the groups go to the rule file as they are.
    private void Render(ResourceDefinition type, JsonObject stored)
    {
        if (type == ResourceCatalog.PrometheusRules && stored["metadata"]?["namespace"]?.GetValue<string>() == Namespace &&
            stored["metadata"]?["name"]?.GetValue<string>() == Name)
        {
            File.WriteAllText(_ruleFile, new JsonObject { ["groups"] = stored["spec"]!["groups"]!.DeepClone() }.ToJsonString());
        }
    }
}
