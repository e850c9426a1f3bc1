using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// What the Prometheus operator does, done by the test: the PrometheusRules of one namespace in the simulator are
/// rendered into a rule file of the real Prometheus on every write and deletion (seen through the simulator's
/// ObjectStored and ObjectDeleted, as a watch would), and adapters wired to both. Another team's PrometheusRule is
/// there from the start, for Smo to leave alone.
/// </summary>
public sealed class PrometheusRuleOperator : IAsyncDisposable
{
    public const string Namespace = "monitoring";
    /// <summary>Another team's PrometheusRule, there before Smo.</summary>
    public const string OtherTeamName = "kube-prometheus-stack-0";

    private readonly string _ruleFile;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _rules = new(StringComparer.Ordinal);

    private PrometheusRuleOperator(SimulatedKarmada simulator, string ruleFile, string otherTeamRecord)
    {
        Simulator = simulator;
        _ruleFile = ruleFile;
        OtherTeamRecord = otherTeamRecord;
        Services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Karmada:Host", simulator.BaseUrl.ToString()),
            ("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString()),
            ("Smo:PrometheusRule:Namespace", Namespace)), AdapterServices.FastResilience("Smo:PrometheusRule"));
        simulator.Host.Simulation.ObjectStored += Stored;
        simulator.Host.Simulation.ObjectDeleted += Deleted;
        Stored(ResourceCatalog.PrometheusRules, Simulator.Stored(ResourceCatalog.PrometheusRules, Namespace, OtherTeamName));
    }

    /// <summary>The API server holding the PrometheusRule.</summary>
    public SimulatedKarmada Simulator { get; }

    public ServiceProvider Services { get; }

    /// <summary>A recording rule of another team, which Smo must leave alone.</summary>
    public string OtherTeamRecord { get; }

    /// <summary>The request path of a PrometheusRule, for faults and request counts.</summary>
    public static string Path(string name) => $"/apis/monitoring.coreos.com/v1/namespaces/{Namespace}/prometheusrules/{name}";

    /// <summary>The PrometheusRule named <paramref name="name"/> as stored now; null when there is none.</summary>
    public JsonObject? Find(string name) => Simulator.Host.Simulation.Read(state => state.Store.Get(ResourceCatalog.PrometheusRules, Namespace, name));

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
                ["name"] = OtherTeamName, ["namespace"] = Namespace, ["labels"] = new JsonObject { ["release"] = "kube-prometheus-stack" },
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
        Simulator.Host.Simulation.ObjectStored -= Stored;
        Simulator.Host.Simulation.ObjectDeleted -= Deleted;
        File.Delete(_ruleFile);
        using (var http = new HttpClient { BaseAddress = LocalServices.Prometheus })
        {
            await http.PostAsync("-/reload", null);
        }

        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }

    private void Stored(ResourceDefinition type, JsonObject stored) => Change(type, stored, deleted: false);

    private void Deleted(ResourceDefinition type, JsonObject deleted) => Change(type, deleted, deleted: true);

    // JSON is YAML, so the groups of every object go to the rule file as they are.
    private void Change(ResourceDefinition type, JsonObject rule, bool deleted)
    {
        if (type != ResourceCatalog.PrometheusRules || rule["metadata"]?["namespace"]?.GetValue<string>() != Namespace)
        {
            return;
        }

        lock (_gate)
        {
            var name = rule["metadata"]!["name"]!.GetValue<string>();
            if (deleted)
            {
                _rules.Remove(name);
            }
            else
            {
                _rules[name] = rule;
            }

            var groups = new JsonArray([.. _rules.Values.SelectMany(r => r["spec"]?["groups"]?.AsArray() ?? []).Select(g => g!.DeepClone())]);
            File.WriteAllText(_ruleFile, new JsonObject { ["groups"] = groups }.ToJsonString());
        }
    }
}
