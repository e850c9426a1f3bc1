using System.Text.Json;
using Smo.Hdag.Parsing;
using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

/// <summary>
/// Every descriptor shape the original SMO read, the H3NI monorepo's code and tests send, or its demos carry
/// (smo-original.md §1–§2, §7) has one outcome: accepted, accepted with a warning, converted from IM 0.3.0, or refused
/// — and a warning or refusal says what the original did with it. The README's table "Descriptors written for the
/// original SMO" is this one.
/// </summary>
public sealed class OriginalShapesTests
{
    public enum Outcome
    {
        Accepted,
        Warned,
        Converted,
        Refused,
    }

    /// <param name="Path">Where the warning or error is; null for a shape accepted without one.</param>
    /// <param name="Original">The start of what the diagnostic says the original SMO did.</param>
    public sealed record Shape(string Text, Outcome Outcome, string? Path = null, string? Original = null);

    private const string Service0 = "hdaGraph.services[0]";

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["gpu.enabled as a YAML boolean"] = new(Graph(compute: "{ cpu: small, ram: small, storage: small, gpu: { enabled: true } }"), Outcome.Accepted),
        ["gpu.enabled as the string 'True' or 'False'"] = new(Graph(compute: "{ cpu: small, ram: small, storage: small, gpu: { enabled: 'False' } }"), Outcome.Accepted),
        ["storage: light"] = new(Graph(compute: "{ cpu: light, ram: light, storage: light }"), Outcome.Refused,
            $"{Service0}.deployment.intent.compute.storage", "the original SMO failed with KeyError: 'light'"),
        ["storage: none (a size no table has)"] = new(Graph(compute: "{ cpu: small, ram: small, storage: none }"), Outcome.Refused,
            $"{Service0}.deployment.intent.compute.storage", "the original SMO failed with KeyError: 'none'"),
        ["storage missing (the v1 GPU demo)"] = new(Graph(compute: "{ cpu: small, ram: small }"), Outcome.Warned,
            $"{Service0}.deployment.intent.compute.storage", "the original SMO failed with KeyError: 'storage'"),
        ["hdaGraphIntent missing"] = new(Graph(), Outcome.Accepted),
        ["hdaGraphIntent without useStaticPlacement"] = new(Graph(graph: "hdaGraphIntent: { security: { enabled: false } }"), Outcome.Accepted),
        ["highAvailability.minReplicasOverall/maxReplicasOverall"] = new(
            Graph(graph: "hdaGraphIntent: { highAvailability: { enabled: true, minReplicasOverall: 1, maxReplicasOverall: 10 } }"), Outcome.Warned,
            "hdaGraph.hdaGraphIntent.highAvailability.minReplicasOverall", "the original SMO ignored it too"),
        ["connectionPoints under network"] = new(Graph(intent: "network: { connectionPoints: [web] }"), Outcome.Warned,
            $"{Service0}.deployment.intent.network.connectionPoints", "the original SMO ignored it too"),
        ["a connection point naming no service of the graph"] = new(Graph(intent: "connectionPoints: [web_1]"), Outcome.Warned,
            $"{Service0}.deployment.intent.connectionPoints[0]", "the H3NI monorepo ignored such names too"),
        ["trigger {type: standard}"] = new(Graph(trigger: "{ type: standard }"), Outcome.Warned,
            $"{Service0}.deployment.trigger.type", "the original SMO deployed every trigger without 'event' at once"),
        ["trigger {type: conditional}"] = new(Graph(trigger: "{ type: conditional }"), Outcome.Refused,
            $"{Service0}.deployment.trigger", "the original SMO deployed every trigger without 'event' at once"),
        ["trigger.event.condition: ANY"] = new(Graph(trigger: Event("condition: ANY")), Outcome.Accepted),
        ["trigger.event.condition missing"] = new(Graph(trigger: Event("")), Outcome.Accepted),
        ["trigger.event.condition: ALL"] = new(Graph(trigger: Event("condition: ALL")), Outcome.Warned,
            $"{Service0}.deployment.trigger.event.condition", "the original SMO read condition and ignored it"),
        ["trigger.event.condition: SOME"] = new(Graph(trigger: Event("condition: SOME")), Outcome.Refused,
            $"{Service0}.deployment.trigger.event.condition", "the original SMO read condition and ignored it"),
        ["more than one event (one rule each; the monorepo used the first)"] = new(
            Graph(trigger: "{ event: { events: [{ id: a, condition: { promQuery: up == 0 } }, { id: b, condition: { promQuery: up == 1 } }] } }"), Outcome.Accepted),
        ["ociConfig.implementer: Helm"] = new(Graph(artifact: "{ ociImage: oci://r/web, ociConfig: { type: App, implementer: Helm } }"), Outcome.Accepted),
        ["ociConfig.implementer: wot"] = new(Graph(artifact: "{ ociImage: oci://r/web, ociConfig: { type: VO, implementer: wot } }"), Outcome.Warned,
            $"{Service0}.artifact.ociConfig.implementer", "the original SMO compared with 'WOT' exactly"),
        ["ociConfig.implementer: Kustomize"] = new(Graph(artifact: "{ ociImage: oci://r/web, ociConfig: { implementer: Kustomize } }"), Outcome.Warned,
            $"{Service0}.artifact.ociConfig.implementer", "so did the original SMO"),
        ["an https:// chart reference"] = new(Graph(artifact: "{ ociImage: 'https://charts.example.org/zhaw/cvo' }"), Outcome.Accepted),
        ["ociRun {name: HELM, version: v3}"] = new(Graph(artifact: "{ ociImage: oci://r/web, ociRun: { name: HELM, version: v3 } }"), Outcome.Accepted),
        ["ociRun with another runner"] = new(Graph(artifact: "{ ociImage: oci://r/web, ociRun: { name: Kustomize } }"), Outcome.Warned,
            $"{Service0}.artifact.ociRun.name", "the original SMO ignored ociRun"),
        ["gpu, connectionPoints and valuesOverwrite missing"] = new(Graph(compute: "{ cpu: small, ram: small, storage: small }"), Outcome.Accepted),
        ["hdaGraph missing"] = new("graph: { id: shop }", Outcome.Refused, "hdaGraph", "the original SMO failed with KeyError: 'hdaGraph'"),
        ["{hdaGraph: {name, description}} without id (an H3NI test)"] = new("{\"hdaGraph\": {\"name\": \"test-graph\", \"description\": \"test graph\"}}",
            Outcome.Refused, "hdaGraph.id", "the original SMO failed with KeyError: 'id'"),
        ["{hdaGraph: {id}} without services (the monorepo's SDK test)"] = new("{\"hdaGraph\": {\"id\": \"new-graph\"}}", Outcome.Refused,
            "hdaGraph.services", "the original SMO failed with KeyError: 'services'"),
        ["artifact.ref (before April 2024)"] = new(Graph(artifact: "{ ref: oci://r/web }"), Outcome.Refused,
            $"{Service0}.artifact.ref", "upstream SMO read it until April 2024"),
        ["artifact.spec (before April 2024)"] = new(Graph(artifact: "{ ociImage: oci://r/web, spec: { type: App, implementer: HELM } }"), Outcome.Refused,
            $"{Service0}.artifact.spec", "upstream SMO read it until April 2024"),
        ["service.connectionPoints (before April 2024)"] = new(Graph(service: "connectionPoints: [web]"), Outcome.Refused,
            $"{Service0}.connectionPoints", "upstream SMO read it until April 2024"),
        ["a JSON object body"] = new(JsonSerializer.Serialize(new { hdaGraph = new { id = "shop", services = new[] { JsonService } } }), Outcome.Accepted),
        ["a JSON string holding the YAML (double-encoded)"] = new(JsonSerializer.Serialize(Graph()), Outcome.Accepted),
        ["IM 0.3.0 (string intents, resources)"] = new(Im030("resources: small"), Outcome.Converted, "hdaGraph.imVersion", "the original SMO read IM 0.4.0 only"),
        ["IM 0.3.0 with resources: light"] = new(Im030("resources: light"), Outcome.Refused,
            $"{Service0}.deployment.intent.resources", "the original SMO read IM 0.4.0 only"),
    };

    public static TheoryData<string> Names => [.. Shapes.Keys];

    private static object JsonService => new
    {
        id = "web",
        deployment = new { trigger = new { auto = new { } }, intent = new { compute = new { cpu = "small", ram = "small", storage = "small" } } },
        artifact = new { ociImage = "oci://r/web" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Shape_has_its_outcome_and_says_what_the_original_did(string name)
    {
        var shape = Shapes[name];

        var result = Parser.Parse(shape.Text);

        var diagnostics = string.Join(Environment.NewLine, result.Errors.Concat(result.Warnings));
        Assert.True(result.Succeeded == (shape.Outcome != Outcome.Refused), diagnostics);
        if (shape.Outcome == Outcome.Accepted)
        {
            Assert.True(result.Warnings.Count == 0, diagnostics);
            return;
        }

        var reported = shape.Outcome == Outcome.Refused ? result.Errors : result.Warnings;
        var diagnostic = Assert.Single(reported, d => d.Path == shape.Path);
        Assert.StartsWith(shape.Original!, diagnostic.Original ?? "(nothing said about the original)", StringComparison.Ordinal);
        Assert.True(shape.Outcome != Outcome.Converted || diagnostic.Found.StartsWith("IM 0.3.0", StringComparison.Ordinal), diagnostic.Message);
    }

    /// <summary>A one-service graph (service <c>web</c>) with each part replaceable.</summary>
    private static string Graph(
        string graph = "",
        string trigger = "{ auto: {} }",
        string compute = "{ cpu: small, ram: small, storage: small }",
        string intent = "",
        string artifact = "{ ociImage: oci://r/web }",
        string service = "") => $"""
        hdaGraph:
          id: shop
          {graph}
          services:
            - id: web
              {service}
              deployment:
                trigger: {trigger}
                intent:
                  compute: {compute}
                  {intent}
              artifact: {artifact}
        """;

    private static string Event(string condition) =>
        $"{{ event: {{ {condition}{(condition.Length > 0 ? ", " : "")}events: [{{ id: overload, condition: {{ promQuery: up == 0 }} }}] }} }}";

    private static string Im030(string resources) => $$"""
        hdaGraph:
          imVersion: 0.3.0
          id: shop
          hdaGraphIntent: "Low latency"
          services:
            - id: web
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent: { network: "", {{resources}}, coLocation: [], connectionPoints: [], metrics: [] }
              artifact: { ociImage: oci://r/web }
        """;
}
