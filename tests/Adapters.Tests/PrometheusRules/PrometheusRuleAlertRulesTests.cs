using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.PrometheusRules;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Simulator.Faults;
using Smo.Simulator.Kubernetes;

namespace Smo.Adapters.Tests.PrometheusRules;

/// <summary>The PrometheusRule store against the simulator's API server (resourceVersion preconditions), reloading the real Prometheus.</summary>
public sealed class PrometheusRuleAlertRulesTests : IAsyncLifetime
{
    private readonly string _graph = $"graph-{Guid.NewGuid():N}"[..20];
    private PrometheusRuleOperator _operator = null!;

    public async Task InitializeAsync() => _operator = await PrometheusRuleOperator.StartAsync();

    public async Task DisposeAsync() => await _operator.DisposeAsync();

    private IAlertRules Rules => _operator.Services.GetRequiredService<IAlertRules>();

    private AlertRule Rule(string service, string eventId = "main-event") =>
        new(_graph, service, eventId, $"rate(flask_http_request_total{{service=\"{service}\"}}[1m]) > 20", "30s", $"High load on {service}");

    private JsonArray SmoRules() =>
        _operator.Stored["spec"]!["groups"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == "smo-alerts")!["rules"]!.AsArray();

    [Fact]
    public async Task AddAsync_writes_the_rule_into_smo_alerts_and_prometheus_loads_it_after_the_reload()
    {
        var changed = await Rules.AddAsync([Rule("noise-reduction")]);

        Assert.True(changed);
        var rule = Assert.Single(SmoRules())!;
        Assert.Equal($"{_graph}/noise-reduction/main-event", rule["alert"]!.GetValue<string>());
        Assert.Equal("noise-reduction", rule["labels"]!["service"]!.GetValue<string>());
        Assert.Equal(_graph, rule["labels"]!["smo_graph"]!.GetValue<string>());
        Assert.Contains($"{_graph}/noise-reduction/main-event", await PrometheusRuleOperator.LoadedAlertNamesAsync());
    }

    [Fact]
    public async Task AddAsync_leaves_other_groups_untouched()
    {
        var before = _operator.Stored["spec"]!["groups"]![0]!.ToJsonString();

        await Rules.AddAsync([Rule("a")]);

        Assert.Equal(before, _operator.Stored["spec"]!["groups"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task AddAsync_is_idempotent_and_writes_nothing_the_second_time()
    {
        await Rules.AddAsync([Rule("a"), Rule("b")]);
        var version = _operator.Stored["metadata"]!["resourceVersion"]!.GetValue<string>();

        var changed = await Rules.AddAsync([Rule("b"), Rule("a")]);

        Assert.False(changed);
        Assert.Equal(version, _operator.Stored["metadata"]!["resourceVersion"]!.GetValue<string>());
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
    public async Task RemoveAsync_removes_only_the_rules_in_scope_and_prometheus_unloads_them()
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
    public async Task A_concurrent_write_causes_a_409_and_the_change_is_reapplied_on_the_fresh_copy()
    {
        // The simulator's concurrentWrite fault annotates the rule just before the adapter's replace: its version goes stale once.
        var race = await _operator.Simulator.InjectAsync(new JsonObject
        {
            ["type"] = "concurrentWrite", ["count"] = 1, ["paths"] = new JsonArray(PrometheusRuleOperator.Path),
        });
        var reads = await _operator.Simulator.CountRequestsAsync(PrometheusRuleOperator.Path, "GET");

        await Rules.AddAsync([Rule("a")]);

        Assert.Equal(1, await _operator.Simulator.HitsAsync(race));
        Assert.Equal(2, await _operator.Simulator.HitsAsync(reads));
        Assert.Single(SmoRules());
        Assert.Equal($"fault {race}", _operator.Stored["metadata"]!["annotations"]![ConcurrentWriter.Annotation]!.GetValue<string>());
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
    public async Task A_missing_prometheusrule_is_reported_as_not_found_with_its_name()
    {
        _operator.Simulator.Host.Simulation.Write(state =>
            state.Store.Delete(ResourceCatalog.PrometheusRules, PrometheusRuleOperator.Namespace, PrometheusRuleOperator.Name));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Rules.AddAsync([Rule("a")]));

        Assert.Equal(AdapterFailure.NotFound, failure.Failure);
        Assert.Contains("prometheusrules.monitoring.coreos.com \"kube-prometheus-stack-0\" not found", failure.Message);
    }
}
