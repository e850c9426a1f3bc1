using Smo.Hdag.Parsing;
using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

public sealed class ParserWarningTests
{
    [Fact]
    public void Parse_warns_about_unknown_fields_and_keeps_going()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small, ram: small, storage: small }
                      network: { bandwidth: 10 }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("hdaGraph.services[0].deployment.intent.network.bandwidth", new SourceLocation(9, 22)), (warning.Path, warning.Location));
        Assert.Equal("unknown field 'bandwidth' (ignored)", warning.Found);
        Assert.Equal("one of deviceProximity, latencies", warning.Expected);
    }

    [Fact]
    public void Parse_assumes_small_for_missing_ram_and_storage_and_says_so()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: large } }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Equal(new ComputeIntent(new SizeIntent("large"), new SizeIntent("small"), new SizeIntent("small"), Gpu: false), result.Graph!.Services[0].Intent.Compute);
        Assert.Equal(["hdaGraph.services[0].deployment.intent.compute.ram", "hdaGraph.services[0].deployment.intent.compute.storage"], result.Warnings.Select(w => w.Path));
        Assert.All(result.Warnings, w => Assert.EndsWith("assumed 'small'", w.Expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_warns_about_a_service_connecting_to_itself()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small, ram: small, storage: small }, connectionPoints: [web] }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.True(result.Succeeded);
        Assert.Equal("the service itself", Assert.Single(result.Warnings).Found);
    }

    [Fact]
    public void Parse_warns_about_link_settings_for_a_service_not_connected_to()
    {
        var result = Parser.Parse("""
            hdaGraph:
              id: shop
              services:
                - id: a
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small, ram: small, storage: small }
                      network: { latencies: [{ connectionPoint: b, qos: low }] }
                  artifact: { ociImage: oci://r/a }
                - { id: b, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small, ram: small, storage: small } } }, artifact: { ociImage: oci://r/b } }
            """);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("hdaGraph.services[0].deployment.intent.network.latencies[0].connectionPoint", new SourceLocation(9, 53)), (warning.Path, warning.Location));
    }

    [Fact]
    public void Parse_warns_about_an_unknown_implementer()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small, ram: small, storage: small } }
                  artifact: { ociImage: oci://r/web, ociConfig: { implementer: Kustomize } }
            """));

        Assert.True(result.Succeeded);
        Assert.Equal("hdaGraph.services[0].artifact.ociConfig.implementer", Assert.Single(result.Warnings).Path);
    }

    [Fact]
    public void Parse_reads_a_newer_information_model_with_a_warning()
    {
        var result = Parser.Parse("""
            hdaGraph:
              imVersion: 0.5.0
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small, ram: small, storage: small } } }, artifact: { ociImage: oci://r/a } }
            """);

        Assert.True(result.Succeeded);
        Assert.Equal(("hdaGraph.imVersion", "IM 0.5.0"), (Assert.Single(result.Warnings).Path, result.Warnings[0].Found));
    }

    [Fact]
    public void Parse_keeps_unknown_strategy_names_as_written()
    {
        var result = Parser.Parse("""
            hdaGraph:
              id: shop
              placementStrategy: Not-Registered-Anywhere
              scalingStrategy: predictive-ml
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small, ram: small, storage: small } } }, artifact: { ociImage: oci://r/a } }
            """);

        Assert.Empty(result.Warnings);
        Assert.Equal(("Not-Registered-Anywhere", "predictive-ml"), (result.Graph!.PlacementStrategy, result.Graph.ScalingStrategy));
    }

    [Fact]
    public void Parse_does_not_call_known_fields_unknown_when_other_fields_fail()
    {
        var result = Parser.Parse("""
            hdaGraph:
              id: shop
              version: "1.0.0"
              designer: tests
              description: fails on its intent
              hdaGraphIntent: [low latency]
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small, ram: small, storage: small } } }, artifact: { ociImage: oci://r/a } }
            """);

        Assert.Equal("hdaGraph.hdaGraphIntent", Assert.Single(result.Errors).Path);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Parse_accepts_a_connection_point_outside_the_graph_with_a_warning_and_no_edge()
    {
        var result = Parser.Parse("""
            hdaGraph:
              id: shop
              services:
                - id: web
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small, ram: small, storage: small }
                      connectionPoints: [api, cart]
                  artifact: { ociImage: oci://r/web }
                - { id: api, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small, ram: small, storage: small } } }, artifact: { ociImage: oci://r/api } }
            """);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("hdaGraph.services[0].deployment.intent.connectionPoints[1]", new SourceLocation(9, 35)), (warning.Path, warning.Location));
        Assert.Equal("'cart', which is not a service of this graph (ignored: no edge, no service import)", warning.Found);
        Assert.Equal("one of the graph's service ids: api, web", warning.Expected);
        Assert.Equal([("web", "api")], Smo.Hdag.Translation.ServiceConnections.Of(result.Graph!).Select(c => (c.From, c.To)));
    }

    [Fact]
    public void Parse_reads_type_standard_as_an_automatic_trigger_and_says_so()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { type: standard }
                    intent: { compute: { cpu: small, ram: small, storage: small } }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(DeploymentTrigger.Automatic([]), result.Graph!.Services[0].Trigger);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("hdaGraph.services[0].deployment.trigger.type", warning.Path);
        Assert.Equal("type 'standard'", warning.Found);
        Assert.StartsWith("auto: {dependencies: []}", warning.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_reads_condition_ALL_as_ANY_and_says_the_original_ignored_it()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { event: { condition: ALL, events: [{ id: a, condition: { promQuery: up == 0 } }, { id: b, condition: { promQuery: up == 1 } }] } }
                    intent: { compute: { cpu: small, ram: small, storage: small } }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Equal(EventCombination.Any, result.Graph!.Services[0].Trigger.Event!.Combination);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("hdaGraph.services[0].deployment.trigger.event.condition", "condition ALL"), (warning.Path, warning.Found));
        Assert.Equal("the original SMO read condition and ignored it: any one event installed the service", warning.Original);
    }

    [Fact]
    public void Parse_reads_a_lower_case_wot_as_wot_and_says_the_original_did_not()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small, ram: small, storage: small } }
                  artifact: { ociImage: oci://r/web, ociConfig: { type: VO, implementer: wot } }
            """));

        Assert.Equal(ServiceArtifact.WotChartValuesKey, result.Graph!.Services[0].Artifact.PlacementValuesKey);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("hdaGraph.services[0].artifact.ociConfig.implementer", warning.Path);
        Assert.Equal("the original SMO compared with 'WOT' exactly: it read 'wot' as a Helm chart and put the placement values at the top of valuesOverwrite", warning.Original);
    }

    [Fact]
    public void Parse_ignores_connection_points_under_network_and_says_where_they_are_read()
    {
        var result = Parser.Parse("""
            hdaGraph:
              id: shop
              services:
                - id: web
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small, ram: small, storage: small }
                      network: { connectionPoints: [api] }
                  artifact: { ociImage: oci://r/web }
                - id: api
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small, ram: small, storage: small }
                      network: { connectionPoints: [] }
                  artifact: { ociImage: oci://r/api }
            """);

        Assert.Empty(result.Graph!.Services[0].Intent.ConnectionPoints);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("hdaGraph.services[0].deployment.intent.network.connectionPoints", new SourceLocation(9, 40)), (warning.Path, warning.Location));
        Assert.Equal("connectionPoints under network: a sequence of 1 items (ignored)", warning.Found);
        Assert.Equal("deployment.intent.connectionPoints, beside network, for the services this one connects to", warning.Expected);
    }

    [Fact]
    public void Parse_ignores_the_replica_totals_of_high_availability_and_names_what_bounds_replicas()
    {
        var result = Parser.Parse("""
            hdaGraph:
              id: shop
              hdaGraphIntent: { highAvailability: { enabled: true, minReplicasOverall: 1, maxReplicasOverall: 10 } }
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small, ram: small, storage: small } } }, artifact: { ociImage: oci://r/a } }
            """);

        Assert.True(result.Graph!.Intent.HighAvailability);
        Assert.Equal(
            ["hdaGraph.hdaGraphIntent.highAvailability.minReplicasOverall", "hdaGraph.hdaGraphIntent.highAvailability.maxReplicasOverall"],
            result.Warnings.Select(w => w.Path));
        Assert.All(result.Warnings, w => Assert.StartsWith("services[].scaling.minReplicas and maxReplicas", w.Expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_says_what_the_original_did_with_a_runner_other_than_helm()
    {
        var result = Parser.Parse(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small, ram: small, storage: small } }
                  artifact: { ociImage: oci://r/web, ociRun: { name: Kustomize, version: v5 } }
            """));

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("hdaGraph.services[0].artifact.ociRun.name", "'Kustomize'"), (warning.Path, warning.Found));
        Assert.Equal("the original SMO ignored ociRun and installed with Helm too", warning.Original);
    }
}
