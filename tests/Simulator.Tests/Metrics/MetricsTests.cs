using System.Globalization;
using System.Text.RegularExpressions;
using Smo.Simulator.Hosting;
using Smo.Simulator.Metrics;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Metrics;

public sealed partial class MetricsTests
{
    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*)?\})? (NaN|[+-]Inf|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)$""")]
    private static partial Regex SampleLine();

    [Fact]
    public async Task Metrics_are_served_as_text_format_0_0_4()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        using var response = await client.Http.GetAsync("/metrics");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Every_family_has_one_help_and_type_before_its_samples_and_every_line_parses()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual(podStartDelay: "0s"));
        using var client = new SimulatorClient(host);
        await client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Json());
        await client.AdvanceAsync(3);

        var text = await client.TextAsync("/metrics");

        Assert.EndsWith("\n", text);
        var typed = new HashSet<string>();
        string? family = null;
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
                Assert.DoesNotContain(family, typed);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(family, parts[2]);
                Assert.Contains(parts[3], new[] { "counter", "gauge" });
                typed.Add(family!);
            }
            else
            {
                var match = SampleLine().Match(line);
                Assert.True(match.Success, $"not a sample line: {line}");
                Assert.Equal(family, match.Groups[1].Value);
            }
        }
        Assert.Contains("flask_http_request_total", typed);
        Assert.Contains("kube_deployment_status_replicas_ready", typed);
    }

    [Fact]
    public async Task Request_counter_ready_replicas_and_cluster_energy_carry_the_original_labels()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual(podStartDelay: "0s", webLoad: 30));
        using var client = new SimulatorClient(host);
        await client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Replicas(2).Json());
        await client.AdvanceAsync(10);

        var text = await client.TextAsync("/metrics");

        Assert.Equal(250, Value(text, """flask_http_request_total{method="GET",namespace="demo",service="web",status="200"}"""), precision: 6);
        Assert.Equal(50, Value(text, """flask_http_request_total{method="GET",namespace="demo",service="web",status="503"}"""), precision: 6);
        Assert.Equal(2, Value(text, """kube_deployment_status_replicas_ready{namespace="demo",deployment="web"}"""));
        Assert.Equal(30, Value(text, """smo_simulator_offered_requests_per_second{service="web"}"""));
        Assert.Equal(300, Value(text, """smo_simulator_offered_requests_total{service="web"}"""), precision: 6);
        Assert.Equal(25, Value(text, """smo_simulator_served_requests_per_second{service="web"}"""));
        Assert.True(Value(text, """smo_simulator_cluster_energy_joules_total{cluster="big"}""") > 0);
        Assert.True(Value(text, """smo_simulator_cluster_carbon_grams_total{cluster="big"}""") > 0);
    }

    [Fact]
    public async Task A_service_in_two_namespaces_has_a_counter_in_each_split_by_ready_replicas()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual(podStartDelay: "0s", webLoad: 30));
        using var client = new SimulatorClient(host);
        await client.PostAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"lab"}}""");
        await client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Replicas(1).Json());
        await client.PostAsync("/apis/apps/v1/namespaces/lab/deployments", new DeploymentBuilder("web").InNamespace("lab").On("big").Replicas(2).Json());
        await client.AdvanceAsync(10);

        var text = await client.TextAsync("/metrics");

        // 30 req/s offered, all served by 3 ready replicas (α = 10, β = 5): a third in demo, two thirds in lab.
        Assert.Equal(100, Value(text, """flask_http_request_total{method="GET",namespace="demo",service="web",status="200"}"""), precision: 6);
        Assert.Equal(200, Value(text, """flask_http_request_total{method="GET",namespace="lab",service="web",status="200"}"""), precision: 6);
    }

    [Fact]
    public async Task Counters_only_grow_between_scrapes()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual(podStartDelay: "0s"));
        using var client = new SimulatorClient(host);
        await client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Json());
        await client.AdvanceAsync(1);
        var first = await client.TextAsync("/metrics");

        await client.AdvanceAsync(1);
        var second = await client.TextAsync("/metrics");

        const string served = """flask_http_request_total{method="GET",namespace="demo",service="web",status="200"}""";
        Assert.True(Value(second, served) > Value(first, served));
    }

    [Fact]
    public void Writer_escapes_label_values_and_help_and_spells_special_values_like_go()
    {
        var text = new ExpositionWriter()
            .Family("m", "gauge", "a\\b\nc", [new Sample([("l", "q\"u\\o\nte")], double.NaN), new Sample([], double.PositiveInfinity)])
            .ToString();

        Assert.Equal("# HELP m a\\\\b\\nc\n# TYPE m gauge\nm{l=\"q\\\"u\\\\o\\nte\"} NaN\nm +Inf\n", text);
    }

    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
