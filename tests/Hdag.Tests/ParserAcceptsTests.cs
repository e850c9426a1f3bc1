using System.Text.Json;
using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

public sealed class ParserAcceptsTests
{
    private readonly HdaGraph _graph = ParseValid(RetailAnalytics);

    [Fact]
    public void Parse_reads_graph_header_and_intent()
    {
        Assert.Equal("retail-analytics", _graph.Id);
        Assert.Equal("0.4.0", _graph.ImVersion);
        Assert.Equal("2.3.1", _graph.Version);
        Assert.Equal("Smo tests", _graph.Designer);
        Assert.Equal(new GraphIntent(UseStaticPlacement: false, Security: true, HighAvailability: false, HighPerformance: true, EnergyEfficiency: true), _graph.Intent);
        Assert.Equal(["camera-ingest", "stream-processor", "inference-api", "anomaly-reporter"], _graph.Services.Select(s => s.Id));
    }

    [Fact]
    public void Parse_keeps_strategy_names_interval_and_weights()
    {
        Assert.Equal("energy-aware", _graph.PlacementStrategy);
        Assert.Equal("smo-milp", _graph.ScalingStrategy);
        Assert.Equal(TimeSpan.FromSeconds(15), _graph.ScalingInterval);
        Assert.Equal(new PlacementWeightOverrides(2, 0.5, 1.5, 0.25, 0.75), _graph.Weights.Placement);
        Assert.Equal(new ScalingWeightOverrides(0.6, 0.2), _graph.Weights.Scaling);
    }

    [Fact]
    public void Parse_reads_size_intents_and_explicit_amounts()
    {
        var camera = _graph.Service("camera-ingest")!.Intent.Compute;
        var inference = _graph.Service("inference-api")!.Intent.Compute;

        Assert.Equal(new ComputeIntent(new SizeIntent("light"), new SizeIntent("light"), new SizeIntent("medium"), Gpu: false), camera);
        Assert.Equal(new ExplicitAmount(2.5, "2500m"), inference.Cpu);
        Assert.Equal(new ExplicitAmount(3, "3Gi"), inference.Memory);
        Assert.Equal(new ExplicitAmount(50, "50GB"), inference.Storage);
    }

    [Theory]
    [InlineData("0.000000001")]
    [InlineData("1000000000000000")]
    [InlineData("2.5e3")]
    public void Parse_accepts_its_own_stored_form_of_a_cpu_amount(string cpu)
    {
        var first = Parser.Parse(OneService($$"""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: {{cpu}} } }
                  artifact: { ociImage: oci://r/web }
            """));

        var again = Parser.Parse(first.Descriptor!.Value.GetRawText());

        Assert.True(again.Succeeded, string.Join("; ", again.Errors));
        Assert.Equal(((ExplicitAmount)first.Graph!.Services[0].Intent.Compute.Cpu).Amount, ((ExplicitAmount)again.Graph!.Services[0].Intent.Compute.Cpu).Amount);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("\"True\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("'FALSE'", false)]
    public void Parse_reads_gpu_enabled_as_boolean_or_string(string written, bool expected)
    {
        var graph = ParseValid(OneService($$"""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small, gpu: { enabled: {{written}} } } }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Equal(expected, graph.Services[0].Intent.Compute.Gpu);
    }

    [Fact]
    public void Parse_reads_triggers_dependencies_and_events()
    {
        var reporter = _graph.Service("anomaly-reporter")!;
        var events = reporter.Trigger.Event!.Events;

        Assert.Equal(["camera-ingest"], _graph.Service("stream-processor")!.Trigger.Dependencies);
        Assert.False(_graph.Service("stream-processor")!.IsConditional);
        Assert.True(reporter.IsConditional);
        Assert.Equal(EventCombination.Any, reporter.Trigger.Event.Combination);
        Assert.Equal(["shelf-empty", "ingest-down"], events.Select(e => e.Id));
        Assert.Equal("sum(empty_shelves) > 3", events[0].PromQuery);
        Assert.Equal("2m", events[0].GracePeriod);
        Assert.Equal("Shelves are running empty", events[0].Description);
        Assert.Equal([new EventSource("stream-processor", "empty_shelves")], events[0].Sources);
        Assert.Equal("warning", events[1].Severity);
        Assert.Null(events[1].GracePeriod);
    }

    [Theory]
    [InlineData("uninstallAfterResolved: 10m", 600)]
    [InlineData("uninstallAfterResolved: 1h30s", 3630)]
    [InlineData("", null)]
    public void Parse_reads_how_long_an_event_triggered_service_outlives_its_resolved_alerts(string line, int? seconds)
    {
        var graph = ParseValid(OneService($$"""
                  deployment:
                    trigger:
                      event:
                        {{line}}
                        events: [{ id: overload, condition: { promQuery: up == 0 } }]
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, graph.Services[0].Trigger.Event!.UninstallAfterResolved);
    }

    [Fact]
    public void Parse_reads_connection_points_and_link_intents()
    {
        var processor = _graph.Service("stream-processor")!.Intent;

        Assert.Equal(["inference-api", "camera-ingest"], processor.ConnectionPoints);
        Assert.Equal([new LinkIntent("inference-api", LatencyClass.UltraLow, 4)], processor.Network.Links);
        Assert.True(_graph.Service("camera-ingest")!.Intent.Network.DeviceProximity);
    }

    [Fact]
    public void Parse_reads_scaling_and_policies()
    {
        var inference = _graph.Service("inference-api")!;

        Assert.Equal(new ScalingParameters(25.5, -3, 1, 6), _graph.Service("stream-processor")!.Scaling);
        Assert.Equal(ScalingParameters.None, inference.Scaling);
        Assert.Equal(["inference-hot", "inference-dirty-grid"], inference.Policies.Select(p => p.Id));
        Assert.Equal(PolicyAction.Offload, inference.Policies[0].Action);
        Assert.Equal(("1m", "gpu", "energy-aware"), (inference.Policies[0].GracePeriod, inference.Policies[0].Target, inference.Policies[0].Strategy));
        Assert.Equal(PolicyAction.Migrate, inference.Policies[1].Action);
    }

    [Fact]
    public void Parse_keeps_values_as_json_with_yaml_types()
    {
        var processorValues = _graph.Service("stream-processor")!.Artifact.ValuesOverwrite;
        var cameraValues = _graph.Service("camera-ingest")!.Artifact.ValuesOverwrite;

        Assert.Equal("""{"image":{"tag":"1.4"},"resources":{"limits":{"cpu":"4"}}}""", processorValues.GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(2, cameraValues.GetProperty("voChartOverwrite").GetProperty("replicas").GetInt32());
        Assert.Equal("no", cameraValues.GetProperty("voChartOverwrite").GetProperty("debug").GetString());
        Assert.Equal(JsonValueKind.Object, _graph.Service("inference-api")!.Artifact.ValuesOverwrite.ValueKind);
    }

    [Fact]
    public void Parse_points_wot_charts_placement_values_at_voChartOverwrite()
    {
        var camera = _graph.Service("camera-ingest")!.Artifact;
        var processor = _graph.Service("stream-processor")!.Artifact;

        Assert.True(camera.IsWot);
        Assert.Equal("voChartOverwrite", camera.PlacementValuesKey);
        Assert.Equal(("VO", "HELM", "v3"), (camera.Type, camera.RunnerName, camera.RunnerVersion));
        Assert.False(processor.IsWot);
        Assert.Null(processor.PlacementValuesKey);
    }

    [Fact]
    public void Parse_accepts_a_complete_descriptor_without_warnings()
    {
        var result = Parser.Parse(RetailAnalytics);

        Assert.Empty(result.Warnings);
        Assert.False(result.WasDoubleEncoded);
    }

    [Fact]
    public void Parse_of_the_json_form_gives_the_same_graph()
    {
        var fromYaml = Parser.Parse(RetailAnalytics);

        var fromJson = ParseValid(fromYaml.Descriptor!.Value.GetRawText());

        Assert.Equal(JsonSerializer.Serialize(fromYaml.Graph), JsonSerializer.Serialize(fromJson));
    }

    [Fact]
    public void Parse_unwraps_a_json_string_holding_the_yaml()
    {
        var body = JsonSerializer.Serialize(RetailAnalytics);

        var result = Parser.Parse(body);

        Assert.True(result.WasDoubleEncoded);
        Assert.Equal(JsonSerializer.Serialize(ParseValid(RetailAnalytics)), JsonSerializer.Serialize(result.Graph));
    }

    [Fact]
    public void Graph_survives_a_json_round_trip()
    {
        var json = JsonSerializer.Serialize(_graph);

        var copy = JsonSerializer.Deserialize<HdaGraph>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(copy));
        Assert.IsType<ExplicitAmount>(copy.Service("inference-api")!.Intent.Compute.Cpu);
    }

    [Fact]
    public void Parse_applies_yaml_anchors_aliases_and_merge_keys()
    {
        var graph = ParseValid("""
            defaults: &compute { cpu: small, ram: medium }
            hdaGraph:
              id: shop
              services:
                - id: web
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { <<: *compute, ram: large } }
                  artifact: { ociImage: oci://r/web, valuesOverwrite: { limits: *compute } }
            """);

        Assert.Equal(new SizeIntent("small"), graph.Services[0].Intent.Compute.Cpu);
        Assert.Equal(new SizeIntent("large"), graph.Services[0].Intent.Compute.Memory);
        Assert.Equal("medium", graph.Services[0].Artifact.ValuesOverwrite.GetProperty("limits").GetProperty("ram").GetString());
    }

    [Fact]
    public void Parse_reads_a_network_with_nothing_after_it_as_no_network_intent()
    {
        var graph = ParseValid(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small }
                      network:
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Equal(NetworkIntent.None, Assert.Single(graph.Services).Intent.Network);
    }
}
