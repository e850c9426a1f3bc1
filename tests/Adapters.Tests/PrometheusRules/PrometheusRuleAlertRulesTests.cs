using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.PrometheusRules;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Simulator.Faults;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.PrometheusRules;

/// <summary>
/// The PrometheusRule store against the simulator's API server (resourceVersion and uid preconditions), reloading the
/// real Prometheus: each graph's rules in a PrometheusRule of its own, which no other graph's change touches.
/// </summary>
public sealed class PrometheusRuleAlertRulesTests : IAsyncLifetime
{
    private readonly string _graph = $"graph-{Guid.NewGuid():N}"[..20];
    private PrometheusRuleOperator _operator = null!;

    public async Task InitializeAsync() => _operator = await PrometheusRuleOperator.StartAsync();

    public async Task DisposeAsync() => await _operator.DisposeAsync();

    private IAlertRules Rules => _operator.Services.GetRequiredService<IAlertRules>();

    private string ObjectName => PrometheusRuleAlertRules.ObjectName(_graph);

    private JsonObject GraphObject => _operator.Find(ObjectName) ?? throw new InvalidOperationException($"no PrometheusRule {ObjectName}");

    private AlertRule Rule(string service, string eventId = "main-event", string? graph = null) =>
        new(graph ?? _graph, service, eventId, $"rate(flask_http_request_total{{service=\"{service}\"}}[1m]) > 20", "30s", $"High load on {service}");

    private JsonArray SmoRules() =>
        GraphObject["spec"]!["groups"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == ObjectName)!["rules"]!.AsArray();

    [Fact]
    public async Task AddAsync_creates_the_graphs_own_prometheusrule_and_prometheus_loads_it_after_the_reload()
    {
        var changed = await Rules.AddAsync([Rule("noise-reduction")]);

        Assert.True(changed);
        var rule = Assert.Single(SmoRules())!;
        Assert.Equal($"{_graph}/noise-reduction/main-event", rule["alert"]!.GetValue<string>());
        Assert.Equal("noise-reduction", rule["labels"]!["service"]!.GetValue<string>());
        Assert.Equal(_graph, rule["labels"]!["smo_graph"]!.GetValue<string>());
        var labels = GraphObject["metadata"]!["labels"]!;
        Assert.Equal(("smo", _graph, "kube-prometheus-stack"),
            (labels["app.kubernetes.io/managed-by"]!.GetValue<string>(), labels["app.kubernetes.io/part-of"]!.GetValue<string>(), labels["release"]!.GetValue<string>()));
        Assert.Contains($"{_graph}/noise-reduction/main-event", await PrometheusRuleOperator.LoadedAlertNamesAsync());
    }

    [Fact]
    public async Task Graphs_never_touch_each_others_or_another_teams_prometheusrule()
    {
        var other = $"other-{Guid.NewGuid():N}"[..20];
        await Rules.AddAsync([Rule("a", graph: other)]);
        var otherVersion = _operator.Find(PrometheusRuleAlertRules.ObjectName(other))!["metadata"]!["resourceVersion"]!.ToJsonString();
        var teamVersion = _operator.Find(PrometheusRuleOperator.OtherTeamName)!["metadata"]!["resourceVersion"]!.ToJsonString();

        await Rules.AddAsync([Rule("a"), Rule("b")]);
        await Rules.RemoveAsync(new AlertRuleScope(_graph, "a"));
        await Rules.RemoveAsync(new AlertRuleScope(_graph));

        Assert.Equal(otherVersion, _operator.Find(PrometheusRuleAlertRules.ObjectName(other))!["metadata"]!["resourceVersion"]!.ToJsonString());
        Assert.Equal(teamVersion, _operator.Find(PrometheusRuleOperator.OtherTeamName)!["metadata"]!["resourceVersion"]!.ToJsonString());
        var loaded = await PrometheusRuleOperator.LoadedAlertNamesAsync();
        Assert.Contains($"{other}/a/main-event", loaded);
        Assert.DoesNotContain($"{_graph}/b/main-event", loaded);
    }

    [Fact]
    public async Task AddAsync_is_idempotent_and_writes_nothing_the_second_time()
    {
        await Rules.AddAsync([Rule("a"), Rule("b")]);
        var version = GraphObject["metadata"]!["resourceVersion"]!.GetValue<string>();

        var changed = await Rules.AddAsync([Rule("b"), Rule("a")]);

        Assert.False(changed);
        Assert.Equal(version, GraphObject["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(2, SmoRules().Count);
    }

    [Fact]
    public async Task Rules_of_the_same_event_in_different_services_do_not_collide()
    {
        await Rules.AddAsync([Rule("a", "high-load"), Rule("b", "high-load")]);

        Assert.Equal([$"{_graph}/a/high-load", $"{_graph}/b/high-load"], SmoRules().Select(r => r!["alert"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task AddAsync_replaces_a_changed_rule_instead_of_adding_a_duplicate()
    {
        await Rules.AddAsync([Rule("a")]);

        await Rules.AddAsync([Rule("a") with { For = "1m" }]);

        var rule = Assert.Single(SmoRules())!;
        Assert.Equal("1m", rule["for"]!.GetValue<string>());
    }

    [Fact]
    public async Task RemoveAsync_of_a_service_removes_only_its_rules_and_prometheus_unloads_them()
    {
        await Rules.AddAsync([Rule("a"), Rule("b")]);

        var changed = await Rules.RemoveAsync(new AlertRuleScope(_graph, "a"));

        Assert.True(changed);
        Assert.Equal([$"{_graph}/b/main-event"], SmoRules().Select(r => r!["alert"]!.GetValue<string>()));
        var loaded = await PrometheusRuleOperator.LoadedAlertNamesAsync();
        Assert.DoesNotContain($"{_graph}/a/main-event", loaded);
        Assert.Contains($"{_graph}/b/main-event", loaded);
        Assert.False(await Rules.RemoveAsync(new AlertRuleScope(_graph, "a")));
    }

    [Fact]
    public async Task RemoveAsync_of_a_graph_deletes_its_prometheusrule()
    {
        await Rules.AddAsync([Rule("a")]);

        var changed = await Rules.RemoveAsync(new AlertRuleScope(_graph));

        Assert.True(changed);
        Assert.Null(_operator.Find(ObjectName));
        Assert.DoesNotContain($"{_graph}/a/main-event", await PrometheusRuleOperator.LoadedAlertNamesAsync());
        Assert.False(await Rules.RemoveAsync(new AlertRuleScope(_graph)));
    }

    [Fact]
    public async Task A_concurrent_write_causes_a_409_and_the_change_is_reapplied_on_the_fresh_copy()
    {
        await Rules.AddAsync([Rule("a")]);
        // The simulator's concurrentWrite fault annotates the rule just before the adapter's replace: its version goes stale once.
        var path = PrometheusRuleOperator.Path(ObjectName);
        var race = await _operator.Simulator.InjectAsync(new JsonObject
        {
            ["type"] = "concurrentWrite", ["count"] = 1, ["paths"] = new JsonArray(path),
        });
        var reads = await _operator.Simulator.CountRequestsAsync(path, "GET");

        await Rules.AddAsync([Rule("b")]);

        Assert.Equal(1, await _operator.Simulator.HitsAsync(race));
        Assert.Equal(2, await _operator.Simulator.HitsAsync(reads));
        Assert.Equal(2, SmoRules().Count);
        Assert.Equal($"fault {race}", GraphObject["metadata"]!["annotations"]![ConcurrentWriter.Annotation]!.GetValue<string>());
    }

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("")]
    [InlineData("1.5m")]
    public async Task AddAsync_refuses_a_grace_period_that_is_not_a_prometheus_duration(string gracePeriod)
    {
        var requests = await _operator.Simulator.CountRequestsAsync();

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => Rules.AddAsync([Rule("a") with { For = gracePeriod }]));

        Assert.Contains("grace period", failure.Message);
        Assert.Equal(0, await _operator.Simulator.HitsAsync(requests));
    }

    [Fact]
    public async Task A_prometheusrule_of_that_name_smo_did_not_create_is_refused_and_left_alone()
    {
        var foreign = new JsonObject
        {
            ["apiVersion"] = "monitoring.coreos.com/v1", ["kind"] = "PrometheusRule",
            ["metadata"] = new JsonObject { ["name"] = ObjectName, ["namespace"] = PrometheusRuleOperator.Namespace },
            ["spec"] = new JsonObject { ["groups"] = new JsonArray() },
        };
        _operator.Simulator.Host.Simulation.Write(state => state.Store.Create(ResourceCatalog.PrometheusRules, foreign));

        var add = await Assert.ThrowsAsync<AdapterException>(() => Rules.AddAsync([Rule("a")]));
        var remove = await Assert.ThrowsAsync<AdapterException>(() => Rules.RemoveAsync(new AlertRuleScope(_graph)));

        Assert.Equal(AdapterFailure.Conflict, add.Failure);
        Assert.Contains($"PrometheusRule monitoring/{ObjectName} exists and is not Smo's for graph '{_graph}'", add.Message);
        Assert.Equal(AdapterFailure.Conflict, remove.Failure);
        Assert.Empty(GraphObject["spec"]!["groups"]!.AsArray());
    }

    [Fact]
    public async Task DriftAsync_finds_rules_removed_or_edited_outside_smo_and_none_once_they_are_added_again()
    {
        await Rules.AddAsync([Rule("a"), Rule("b"), Rule("c")]);
        var inPlace = await Rules.DriftAsync([Rule("a"), Rule("b"), Rule("c")]);
        var edited = GraphObject;
        var rules = edited["spec"]!["groups"]![0]!["rules"]!.AsArray();
        rules.RemoveAt(0);
        rules[0]!["expr"] = "vector(1)";
        using var kubernetes = new HttpClient { BaseAddress = _operator.Simulator.BaseUrl };
        (await kubernetes.PutAsync(PrometheusRuleOperator.Path(ObjectName), new StringContent(edited.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var drift = await Rules.DriftAsync([Rule("a"), Rule("b"), Rule("c")]);
        await Rules.AddAsync([Rule("a"), Rule("b"), Rule("c")]);
        var repaired = await Rules.DriftAsync([Rule("a"), Rule("b"), Rule("c")]);

        Assert.True(inPlace.InPlace);
        Assert.Equal([$"{_graph}/a/main-event"], drift.Missing);
        Assert.Equal([$"{_graph}/b/main-event"], drift.Changed);
        Assert.True(repaired.InPlace);
    }

    [Fact]
    public async Task DriftAsync_of_a_graph_whose_prometheusrule_is_gone_finds_every_rule_missing()
    {
        var drift = await Rules.DriftAsync([Rule("a"), Rule("b")]);

        Assert.Equal([$"{_graph}/a/main-event", $"{_graph}/b/main-event"], drift.Missing);
        Assert.Empty(drift.Changed);
    }
}
