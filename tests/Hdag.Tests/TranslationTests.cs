using Smo.Hdag.Parsing;
using Smo.Hdag.Translation;
using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

public sealed class TranslationTests
{
    private readonly IntentTranslator _translator = new();

    [Theory]
    [InlineData("light", "light", "small", 0.5, 500.0 / 1024, 10)]
    [InlineData("small", "small", "small", 1, 1, 10)]
    [InlineData("medium", "medium", "medium", 4, 2, 20)]
    [InlineData("large", "large", "large", 8, 8, 40)]
    [InlineData("Medium", "LARGE", "Small", 4, 8, 10)]
    public void Translate_uses_the_original_intent_table(string cpu, string ram, string storage, double cores, double memoryGiB, double storageGB)
    {
        var graph = ParseValid(Service($"cpu: {cpu}, ram: {ram}, storage: {storage}"));

        var requirements = _translator.Translate(graph.Services[0]);

        Assert.Equal(new ServiceRequirements("web", cores, memoryGiB, storageGB, NeedsGpu: false, MinReplicas: 1, MaxReplicas: int.MaxValue), requirements);
    }

    [Theory]
    [InlineData("cpu: 1.5, ram: 512Mi, storage: 15G", 1.5, 0.5, 15)]
    [InlineData("cpu: 250m, ram: 2GiB, storage: 1Ti", 0.25, 2, 1099.511627776)]
    [InlineData("cpu: \"3\", ram: 1500M, storage: 500MB", 3, 1.5e9 / 1073741824, 0.5)]
    public void Translate_takes_explicit_amounts_as_written(string compute, double cores, double memoryGiB, double storageGB)
    {
        var graph = ParseValid(Service(compute));

        var requirements = _translator.Translate(graph.Services[0]);

        Assert.Equal(cores, requirements.CpuCores, 9);
        Assert.Equal(memoryGiB, requirements.MemoryGiB, 9);
        Assert.Equal(storageGB, requirements.StorageGB, 9);
    }

    [Fact]
    public void Translate_carries_gpu_and_replica_bounds()
    {
        var graph = ParseValid(Service("cpu: small, gpu: { enabled: \"True\" }", scaling: "{ minReplicas: 2, maxReplicas: 5 }"));

        var requirements = _translator.Translate(graph.Services[0]);

        Assert.True(requirements.NeedsGpu);
        Assert.Equal((2, 5), (requirements.MinReplicas, requirements.MaxReplicas));
    }

    [Fact]
    public void Configured_tables_change_what_parses_and_what_it_means()
    {
        var tables = IntentTables.Original with { CpuCores = IntentTables.Table(("small", 2), ("huge", 32)) };
        var parser = new HdagParser(new HdagParserOptions { Intents = tables });
        var text = Service("cpu: huge");

        var requirements = new IntentTranslator(tables).Translate(parser.Parse(text).Graph!.Services[0]);

        Assert.Equal(32, requirements.CpuCores);
        Assert.Equal("one of light, small, medium, large, or a CPU amount such as 2, 0.5 or 500m", Assert.Single(Parser.Parse(text).Errors).Expected);
    }

    [Fact]
    public void Translate_refuses_sizes_missing_from_its_tables()
    {
        var graph = ParseValid(Service("cpu: light"));
        var translator = new IntentTranslator(IntentTables.Original with { CpuCores = IntentTables.Table(("small", 1)) });

        Assert.Throws<ArgumentException>(() => translator.Translate(graph));
    }

    [Fact]
    public void Intent_tables_report_non_positive_amounts()
    {
        var tables = IntentTables.Original with { MemoryGiB = IntentTables.Table(("small", 0)) };

        Assert.Equal(["MemoryGiB['small'] is 0; amounts must be positive."], tables.Problems());
    }

    [Fact]
    public void Connections_follow_connection_points_with_link_weight_and_latency()
    {
        var graph = ParseValid(RetailAnalytics);

        var connections = ServiceConnections.Of(graph);

        Assert.Equal(
            [
                new ServiceConnection("camera-ingest", "stream-processor", 1, LatencyClass.BestEffort),
                new ServiceConnection("stream-processor", "inference-api", 4, LatencyClass.UltraLow),
                new ServiceConnection("stream-processor", "camera-ingest", 1, LatencyClass.BestEffort),
                new ServiceConnection("anomaly-reporter", "stream-processor", 1, LatencyClass.BestEffort),
            ],
            connections);
    }

    [Fact]
    public void Connections_skip_self_connections_and_duplicates()
    {
        var graph = ParseValid("""
            hdaGraph:
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small }, connectionPoints: [a, b, b] } }, artifact: { ociImage: oci://r/a } }
                - { id: b, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/b } }
            """);

        Assert.Equal([new ServiceConnection("a", "b", 1, LatencyClass.BestEffort)], ServiceConnections.Of(graph));
    }

    [Fact]
    public void Alert_rules_follow_the_events_of_conditional_services()
    {
        var graph = ParseValid(RetailAnalytics);

        var rules = AlertRules.Of(graph).Where(r => r.ServiceId == "anomaly-reporter").ToList();

        Assert.Equal(2, rules.Count);
        Assert.Equal(("shelf-empty", "sum(empty_shelves) > 3", "2m"), (rules[0].Alert, rules[0].Expr, rules[0].For));
        Assert.Equal(new Dictionary<string, string> { ["service"] = "anomaly-reporter", ["severity"] = "critical", ["graph"] = "retail-analytics" }, rules[0].Labels);
        Assert.Equal(new Dictionary<string, string> { ["description"] = "Shelves are running empty", ["summary"] = "Shelves are running empty" }, rules[0].Annotations);
        Assert.Equal(("ingest-down", null, "warning"), (rules[1].Alert, rules[1].For, rules[1].Labels["severity"]));
        Assert.Empty(rules[1].Annotations);
    }

    [Fact]
    public void Alert_rules_cover_operational_policies_with_their_action()
    {
        var graph = ParseValid(RetailAnalytics);

        var rules = AlertRules.Of(graph).Where(r => r.ServiceId == "inference-api").ToList();

        Assert.Equal(["inference-hot", "inference-dirty-grid"], rules.Select(r => r.Alert));
        Assert.Equal(["offload", "migrate"], rules.Select(r => r.Labels["action"]));
        Assert.Equal("1m", rules[0].For);
    }

    [Fact]
    public void Alert_rules_are_none_for_automatic_services_without_policies()
    {
        var graph = ParseValid(Service("cpu: small"));

        Assert.Empty(AlertRules.Of(graph));
    }

    private static string Service(string compute, string scaling = "{}") => OneService($$"""
              deployment:
                trigger: { auto: {} }
                intent: { compute: { {{compute}} } }
              artifact: { ociImage: oci://r/web }
              scaling: {{scaling}}
        """);
}
