using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

public sealed class ParserErrorTests
{
    [Fact]
    public void Parse_reports_a_missing_required_field_at_its_parent()
    {
        var text = """
            hdaGraph:
              id: shop
              services:
                - deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """;

        var error = SingleError(text, "hdaGraph.services[0].id", 4, 7);

        Assert.Equal("nothing (the field is missing)", error.Found);
        Assert.StartsWith("a DNS-1123 label", error.Expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hdaGraph:\n  id: shop\n  description: \"a\\0b\"\n", "hdaGraph.description", 3, 16)]
    [InlineData("{\"hdaGraph\": {\"id\": \"shop\", \"x\\u0000\": 1}}", "hdaGraph", 1, 29)]
    public void Parse_refuses_a_nul_character_where_it_is(string text, string path, int line, int column)
    {
        var error = SingleError(text, path, line, column);

        Assert.Equal("a NUL character (U+0000)", error.Found);
    }

    [Fact]
    public void Parse_reports_a_missing_hdaGraph()
    {
        var error = SingleError("graph:\n  id: shop\n", "hdaGraph", 1, 1);

        Assert.Equal("nothing (the field is missing)", error.Found);
    }

    [Fact]
    public void Parse_reports_a_wrong_type_with_what_was_found()
    {
        var error = SingleError("hdaGraph:\n  id: shop\n  services: web\n", "hdaGraph.services", 3, 13);

        Assert.Equal("string 'web'", error.Found);
        Assert.Equal("a non-empty sequence of services", error.Expected);
    }

    [Fact]
    public void Parse_refuses_a_graph_without_services()
    {
        var error = SingleError("hdaGraph:\n  id: shop\n  services: []\n", "hdaGraph.services", 3, 13);

        Assert.Equal("an empty sequence", error.Found);
    }

    [Fact]
    public void Parse_reports_an_unknown_intent_with_the_known_ones()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: tiny } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.intent.compute.cpu", 7, 35);

        Assert.Equal("string 'tiny'", error.Found);
        Assert.Equal("one of light, small, medium, large, or a CPU amount such as 2, 0.5 or 500m", error.Expected);
    }

    [Fact]
    public void Parse_refuses_light_storage_like_the_original_table()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small, storage: light } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.intent.compute.storage", 7, 51);

        Assert.StartsWith("one of small, medium, large,", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_memory_without_a_unit()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: 2, ram: 2048 } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.intent.compute.ram", 7, 43);

        Assert.Equal("integer 2048", error.Found);
        Assert.Contains("a memory amount with a unit", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_reports_the_index_of_the_failing_service()
    {
        var text = """
            hdaGraph:
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/a } }
                - { id: b, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/b } }
                - { id: c, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: huge } } }, artifact: { ociImage: oci://r/c } }
            """;

        SingleError(text, "hdaGraph.services[2].deployment.intent.compute.cpu", 6, 79);
    }

    [Fact]
    public void Parse_reports_duplicate_service_ids_at_the_second()
    {
        var text = """
            hdaGraph:
              id: shop
              services:
                - { id: web, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/a } }
                - { id: web, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: large } } }, artifact: { ociImage: oci://r/b } }
            """;

        var error = SingleError(text, "hdaGraph.services[1].id", 5, 13);

        Assert.Equal("'web' again (first at line 4, column 13)", error.Found);
        Assert.Equal("unique service ids", error.Expected);
    }


    [Fact]
    public void Parse_reports_a_dangling_dependency()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: { dependencies: [db] } }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger.auto.dependencies[0]", 6, 43);

        Assert.Equal("'db', which is not a service of this graph", error.Found);
    }

    [Fact]
    public void Parse_accepts_cyclic_connection_points()
    {
        var graph = ParseValid("""
            hdaGraph:
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small }, connectionPoints: [b] } }, artifact: { ociImage: oci://r/a } }
                - { id: b, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small }, connectionPoints: [a] } }, artifact: { ociImage: oci://r/b } }
            """);

        Assert.Equal(["b"], graph.Services[0].Intent.ConnectionPoints);
        Assert.Equal(["a"], graph.Services[1].Intent.ConnectionPoints);
    }

    [Fact]
    public void Parse_refuses_cyclic_deployment_dependencies()
    {
        var text = """
            hdaGraph:
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: { dependencies: [b] } }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/a } }
                - { id: b, deployment: { trigger: { auto: { dependencies: [c] } }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/b } }
                - { id: c, deployment: { trigger: { auto: { dependencies: [a] } }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/c } }
                - { id: d, deployment: { trigger: { auto: { dependencies: [a] } }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/d } }
            """;

        var error = SingleError(text, "hdaGraph.services[2].deployment.trigger.auto.dependencies[0]", 6, 64);

        Assert.Equal("a dependency cycle a → b → c → a", error.Found);
        Assert.StartsWith("deployment dependencies without cycles", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_a_service_depending_on_itself()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: { dependencies: [web] } }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger.auto.dependencies[0]", 6, 43);

        Assert.Equal("a dependency cycle web → web", error.Found);
    }

    [Fact]
    public void Parse_refuses_an_event_without_promQuery()
    {
        var text = OneService("""
                  deployment:
                    trigger:
                      event:
                        events:
                          - id: overload
                            condition: { gracePeriod: 1m }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger.event.events[0].condition.promQuery", 10, 28);

        Assert.Equal("nothing (the field is missing)", error.Found);
        Assert.Equal("a PromQL expression", error.Expected);
    }

    [Fact]
    public void Parse_refuses_an_event_trigger_without_events()
    {
        var text = OneService("""
                  deployment:
                    trigger: { event: { condition: ANY } }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger.event.events", 6, 27);

        Assert.Equal("a non-empty sequence of events", error.Expected);
    }

    [Theory]
    [InlineData("{ type: conditional }", "a mapping with keys type")]
    [InlineData("{ auto: {}, event: { events: [] } }", "both 'auto' and 'event'")]
    [InlineData("{}", "an empty mapping")]
    public void Parse_requires_exactly_one_trigger_kind(string trigger, string found)
    {
        var text = OneService($$"""
                  deployment:
                    trigger: {{trigger}}
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger", 6, 18);

        Assert.Equal(found, error.Found);
        Assert.Equal("a mapping with exactly one of 'auto' or 'event'", error.Expected);
    }

    [Theory]
    [InlineData("alpha: -2", "alpha", 25, "integer -2")]
    [InlineData("alpha: 0", "alpha", 25, "integer 0")]
    [InlineData("alpha: .nan", "alpha", 25, "number .nan")]
    [InlineData("alpha: \"3\"", "alpha", 25, "string '3'")]
    [InlineData("beta: .inf", "beta", 24, "number .inf")]
    [InlineData("minReplicas: -1", "minReplicas", 31, "integer -1")]
    [InlineData("minReplicas: 1.5", "minReplicas", 31, "number 1.5")]
    [InlineData("maxReplicas: 0", "maxReplicas", 31, "integer 0")]
    [InlineData("minReplicas: 4, maxReplicas: 2", "minReplicas", 31, "minReplicas 4 above maxReplicas 2")]
    public void Parse_refuses_invalid_scaling_numbers(string scaling, string field, int column, string found)
    {
        var text = OneService($$"""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
                  scaling: { {{scaling}} }
            """);

        var error = SingleError(text, $"hdaGraph.services[0].scaling.{field}", 9, column);

        Assert.Equal(found, error.Found);
    }

    [Theory]
    [InlineData("spread: { minClusters: 0 }", "spread.minClusters", "integer 0")]
    [InlineData("spread: { minClusters: two }", "spread.minClusters", "string 'two'")]
    [InlineData("maxReplicas: 2, spread: { minClusters: 3 }", "spread", "spread.minClusters 3 above maxReplicas 2")]
    public void Parse_refuses_a_spread_that_cannot_be(string scaling, string field, string found)
    {
        var text = OneService($$"""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
                  scaling: { {{scaling}} }
            """);

        var result = Parser.Parse(text);

        Assert.Null(result.Graph);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"hdaGraph.services[0].scaling.{field}", error.Path);
        Assert.Equal(found, error.Found);
    }

    [Fact]
    public void Parse_reads_how_many_clusters_a_service_asks_to_be_spread_over()
    {
        var graph = ParseValid(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
                  scaling: { maxReplicas: 6, spread: { minClusters: 2 } }
            """));

        Assert.Equal(2, graph.Services[0].Scaling.MinClusters);
    }

    [Fact]
    public void Parse_accepts_a_negative_beta_like_the_original_coefficients()
    {
        var graph = ParseValid(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
                  scaling: { alpha: 33.33, beta: -16.66 }
            """));

        Assert.Equal(new ScalingParameters(33.33, -16.66), graph.Services[0].Scaling);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.7976931348623157E+308")]
    [InlineData("1000001")]
    public void Parse_refuses_weights_below_zero_or_above_a_million(string weight)
    {
        var text = $$"""
            hdaGraph:
              id: shop
              weights: { placement: { carbon: {{weight}} } }
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/a } }
            """;

        var error = SingleError(text, "hdaGraph.weights.placement.carbon", 3, 35);

        Assert.Equal("a finite number from 0 to 1,000,000", error.Expected);
    }

    [Fact]
    public void Parse_refuses_a_grace_period_that_is_not_a_prometheus_duration()
    {
        var text = OneService("""
                  deployment:
                    trigger:
                      event:
                        events:
                          - id: overload
                            condition: { promQuery: up == 0, gracePeriod: two minutes }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger.event.events[0].condition.gracePeriod", 10, 63);

        Assert.Equal("'two minutes'", error.Found);
        Assert.Equal("a Prometheus duration such as 30s, 2m or 1h30m", error.Expected);
    }

    [Theory]
    [InlineData("ten minutes", "'ten minutes'", "a Prometheus duration such as 30s, 2m or 1h30m")]
    [InlineData("0s", "'0s'", "a positive duration such as 30s or 10m (how long the alerts must stay resolved)")]
    [InlineData("[10m]", "a sequence of 1 items", "a Prometheus duration such as 30s, 2m or 1h30m")]
    public void Parse_refuses_an_uninstall_delay_that_is_not_a_positive_duration(string value, string found, string expected)
    {
        var text = OneService($$"""
                  deployment:
                    trigger:
                      event:
                        uninstallAfterResolved: {{value}}
                        events: [{ id: overload, condition: { promQuery: up == 0 } }]
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger.event.uninstallAfterResolved", 8, 37);

        Assert.Equal(found, error.Found);
        Assert.Equal(expected, error.Expected);
    }

    [Fact]
    public void Parse_refuses_two_alerts_with_one_name_in_a_service()
    {
        var text = OneService("""
                  deployment:
                    trigger: { event: { events: [{ id: hot, condition: { promQuery: x > 1 } }] } }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
                  policies: [{ id: hot, action: offload, promQuery: y > 1 }]
            """);

        var error = SingleError(text, "hdaGraph.services[0].policies[0].id", 9, 24);

        Assert.Equal("'hot' again (first at line 6, column 44)", error.Found);
    }

    [Fact]
    public void Parse_refuses_an_unknown_policy_action()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
                  policies: [{ id: hot, action: teleport, promQuery: y > 1 }]
            """);

        var error = SingleError(text, "hdaGraph.services[0].policies[0].action", 9, 37);

        Assert.Equal("offload or migrate", error.Expected);
    }

    [Fact]
    public void Parse_refuses_an_unknown_latency_class()
    {
        var text = """
            hdaGraph:
              id: shop
              services:
                - id: a
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small }
                      network: { latencies: [{ connectionPoint: b, qos: instant }] }
                      connectionPoints: [b]
                  artifact: { ociImage: oci://r/a }
                - { id: b, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/b } }
            """;

        var error = SingleError(text, "hdaGraph.services[0].deployment.intent.network.latencies[0].qos", 9, 61);

        Assert.Equal("ultralow, low or best-effort", error.Expected);
    }

    [Theory]
    [InlineData("Web", 11)]
    [InlineData("web_1", 11)]
    [InlineData("-web", 11)]
    public void Parse_refuses_service_ids_that_are_not_kubernetes_names(string id, int column)
    {
        var text = $$"""
            hdaGraph:
              id: shop
              services:
                - id: {{id}}
                  deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }
                  artifact: { ociImage: oci://r/web }
            """;

        var error = SingleError(text, "hdaGraph.services[0].id", 4, column);

        Assert.Equal($"'{id}'", error.Found);
    }

    [Fact]
    public void Parse_refuses_descriptors_of_a_model_older_than_the_one_it_converts()
    {
        var text = """
            hdaGraph:
              imVersion: 0.2.0
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small } } }, artifact: { ociImage: oci://r/a } }
            """;

        var error = SingleError(text, "hdaGraph.imVersion", 2, 14);

        Assert.Equal("IM 0.2.0", error.Found);
        Assert.StartsWith("IM 0.4.x, or 0.3.0 which Smo converts", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_requires_wot_chart_values_to_be_a_mapping()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact:
                    ociImage: oci://r/web
                    ociConfig: { type: VO, implementer: WOT }
                    valuesOverwrite: { voChartOverwrite: [a] }
            """);

        var error = SingleError(text, "hdaGraph.services[0].artifact.valuesOverwrite.voChartOverwrite", 11, 46);

        Assert.Equal("a mapping of chart values (WOT implementer)", error.Expected);
    }

    [Fact]
    public void Parse_requires_values_overwrite_to_be_a_mapping()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web, valuesOverwrite: replicas=2 }
            """);

        var error = SingleError(text, "hdaGraph.services[0].artifact.valuesOverwrite", 8, 59);

        Assert.Equal("string 'replicas=2'", error.Found);
    }

    [Fact]
    public void Parse_reports_every_error_in_one_pass()
    {
        var text = """
            hdaGraph:
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: tiny } } }, artifact: { ociImage: oci://r/a } }
                - { id: b, deployment: { trigger: { auto: {} }, intent: { compute: { cpu: small }, connectionPoints: [z] } } }
            """;

        var result = Parser.Parse(text);

        Assert.Equal(
            ["hdaGraph.services[0].deployment.intent.compute.cpu", "hdaGraph.services[1].artifact"],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_refuses_an_unknown_event_combination()
    {
        var text = OneService("""
                  deployment:
                    trigger: { event: { condition: SOME, events: [{ id: e, condition: { promQuery: up == 0 } }] } }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.trigger.event.condition", 6, 40);

        Assert.Equal(("'SOME'", "ANY or ALL"), (error.Found, error.Expected));
    }

    [Fact]
    public void Parse_says_the_original_failed_with_a_KeyError_on_a_size_outside_its_table()
    {
        var text = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small, storage: light } }
                  artifact: { ociImage: oci://r/web }
            """);

        var error = SingleError(text, "hdaGraph.services[0].deployment.intent.compute.storage", 7, 51);

        Assert.Equal("the original SMO failed with KeyError: 'light' (its storage table has small, medium, large)", error.Original);
        Assert.EndsWith("; the original SMO failed with KeyError: 'light' (its storage table has small, medium, large)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_says_the_original_failed_with_a_KeyError_on_a_field_it_required()
    {
        var error = SingleError(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociConfig: { type: App } }
            """), "hdaGraph.services[0].artifact.ociImage", 8, 17);

        Assert.Equal("the original SMO failed with KeyError: 'ociImage'", error.Original);
    }

    [Fact]
    public void Parse_says_nothing_about_the_original_for_a_field_it_never_read()
    {
        var error = SingleError(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
                  policies: [{ action: offload, promQuery: y > 1 }]
            """), "hdaGraph.services[0].policies[0].id", 9, 18);

        Assert.Null(error.Original);
    }

    [Fact]
    public void Parse_refuses_a_graph_named_by_name_saying_to_write_id()
    {
        var error = SingleError("""
            {"hdaGraph": {"name": "test-graph", "description": "test graph", "services": [
              {"id": "a", "deployment": {"trigger": {"auto": {}}, "intent": {"compute": {"cpu": "small"}}}, "artifact": {"ociImage": "oci://r/a"}}]}}
            """, "hdaGraph.id", 1, 14);

        Assert.Equal("nothing (the field is missing); there is a name, which no SMO reads", error.Found);
        Assert.StartsWith("id: 'test-graph' (the graph's name is its id", error.Expected, StringComparison.Ordinal);
        Assert.Equal("the original SMO failed with KeyError: 'id'", error.Original);
    }

    [Fact]
    public void Parse_refuses_the_pre_2024_artifact_reference_with_the_ociImage_to_write()
    {
        var error = SingleError(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ref: oci://r/web }
            """), "hdaGraph.services[0].artifact.ref", 8, 24);

        Assert.Equal("ociImage: 'oci://r/web' (IM 0.4.0)", error.Expected);
        Assert.StartsWith("upstream SMO read it until April 2024; every later version failed with KeyError: 'ociImage'", error.Original, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_connection_points_on_the_service_itself_naming_their_place()
    {
        var error = SingleError(OneService("""
                  connectionPoints: [web]
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: small } }
                  artifact: { ociImage: oci://r/web }
            """), "hdaGraph.services[0].connectionPoints", 5, 25);

        Assert.Equal("deployment.intent.connectionPoints (IM 0.4.0)", error.Expected);
    }
}
