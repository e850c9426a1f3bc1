using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// What the Prometheus operator does, done by the test: a PrometheusRule in the fake API server whose groups are
/// rendered into a rule file of the real Prometheus on every write, and adapters wired to both.
/// </summary>
public sealed class PrometheusRuleOperator : IAsyncDisposable
{
    public const string Namespace = "monitoring";
    public const string Name = "kube-prometheus-stack-0";

    private string _ruleFile = null!;

    private PrometheusRuleOperator(FakeKubernetes kubernetes) => Kubernetes = kubernetes;

    public FakeKubernetes Kubernetes { get; }

    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>A recording rule of another team, which Smo must leave alone.</summary>
    public string OtherTeamRecord { get; } = $"other_team_{Guid.NewGuid():N}:up";

    public JsonObject Stored => Kubernetes.PrometheusRules[(Namespace, Name)];

    public static async Task<PrometheusRuleOperator> StartAsync()
    {
        var rule = new PrometheusRuleOperator(await FakeKubernetes.StartAsync());
        var (rules, _) = await LocalServices.PrometheusDirectoriesAsync();
        rule._ruleFile = Path.Combine(rules, $"adapters-{Guid.NewGuid():N}.yml");
        rule.Kubernetes.PrometheusRules[(Namespace, Name)] = new JsonObject
        {
            ["apiVersion"] = "monitoring.coreos.com/v1",
            ["kind"] = "PrometheusRule",
            ["metadata"] = new JsonObject
            {
                ["name"] = Name, ["namespace"] = Namespace, ["resourceVersion"] = rule.Kubernetes.NextResourceVersion(),
                ["labels"] = new JsonObject { ["release"] = "kube-prometheus-stack" },
            },
            ["spec"] = new JsonObject
            {
                ["groups"] = new JsonArray(new JsonObject
                {
                    ["name"] = "other-team",
                    ["rules"] = new JsonArray(new JsonObject { ["record"] = rule.OtherTeamRecord, ["expr"] = "vector(1)" }),
                }),
            },
        };
        rule.Kubernetes.AfterRuleStored = rule.Render;
        rule.Services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Karmada:Host", rule.Kubernetes.BaseUrl.ToString()),
            ("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString()),
            ("Smo:PrometheusRule:Namespace", Namespace),
            ("Smo:PrometheusRule:Name", Name)), AdapterServices.FastResilience("Smo:PrometheusRule"));
        return rule;
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
        File.Delete(_ruleFile);
        using (var http = new HttpClient { BaseAddress = LocalServices.Prometheus })
        {
            await http.PostAsync("-/reload", null);
        }

        await Services.DisposeAsync();
        await Kubernetes.DisposeAsync();
    }

    // JSON is YAML, so the groups go to the rule file as they are.
    private void Render(JsonObject prometheusRule) =>
        File.WriteAllText(_ruleFile, new JsonObject { ["groups"] = prometheusRule["spec"]!["groups"]!.DeepClone() }.ToJsonString());
}
