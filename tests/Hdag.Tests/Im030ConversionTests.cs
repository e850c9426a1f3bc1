using System.Text.Json;
using Smo.Hdag.Parsing;
using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

/// <summary>IM 0.3.0 descriptors (the old vo-wot Brussels demo's shape) read as IM 0.4.0, or refused with what to write.</summary>
public sealed class Im030ConversionTests
{
    private const string Intent = "hdaGraph.services[0].deployment.intent";

    [Fact]
    public void Parse_converts_an_im_0_3_0_descriptor_to_the_0_4_0_graph_it_means()
    {
        var converted = ParseValid(Im030(imVersion: "imVersion: 0.3.0", graphIntent: "\"Low latency\"", intent: "network: \"\", resources: \"small\""));

        var written = ParseValid(Im030(imVersion: "imVersion: 0.4.0", graphIntent: "{ highPerformance: { enabled: true } }",
            intent: "compute: { cpu: small, ram: small, storage: small }"));
        Assert.Equal(JsonSerializer.Serialize(written), JsonSerializer.Serialize(converted));
    }

    [Fact]
    public void Parse_lists_every_conversion_in_one_warning_saying_the_version_was_declared()
    {
        var result = Parser.Parse(Im030(imVersion: "imVersion: 0.3.0", graphIntent: "\"Low latency\"", intent: "network: \"\", resources: \"small\""));

        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("hdaGraph.imVersion", new SourceLocation(2, 14)), (warning.Path, warning.Location));
        Assert.Equal("IM 0.3.0 (recognised by imVersion 0.3.0)", warning.Found);
        Assert.Equal(
            "IM 0.4.0 (converted: hdaGraph.hdaGraphIntent 'Low latency' → {highPerformance: {enabled: true}}; "
            + $"{Intent}.network '' → absent (no network intent); {Intent}.resources 'small' → compute: {{cpu: small, ram: small, storage: small}})",
            warning.Expected);
        Assert.StartsWith("the original SMO read IM 0.4.0 only", warning.Original, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_recognises_im_0_3_0_by_its_shape_when_there_is_no_imVersion()
    {
        var result = Parser.Parse(Im030(imVersion: "", graphIntent: "{}", intent: "resources: medium"));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("hdaGraph", warning.Path);
        Assert.Equal("IM 0.3.0 (recognised by its shape: hdaGraph.services[0] has deployment.intent.resources, and no imVersion)", warning.Found);
        Assert.Equal(new SizeIntent("medium"), result.Graph!.Services[0].Intent.Compute.Storage);
    }

    [Fact]
    public void Parse_lists_a_conversion_made_in_several_services_once_with_their_indices()
    {
        var text = """
            hdaGraph:
              imVersion: 0.3.0
              id: shop
              services:
                - { id: a, deployment: { trigger: { auto: {} }, intent: { resources: small } }, artifact: { ociImage: oci://r/a } }
                - { id: b, deployment: { trigger: { auto: {} }, intent: { resources: large } }, artifact: { ociImage: oci://r/b } }
                - { id: c, deployment: { trigger: { auto: {} }, intent: { resources: small } }, artifact: { ociImage: oci://r/c } }
            """;

        var warning = Assert.Single(Parser.Parse(text).Warnings);

        Assert.Contains("hdaGraph.services[0, 2].deployment.intent.resources 'small' → compute: {cpu: small, ram: small, storage: small}", warning.Expected, StringComparison.Ordinal);
        Assert.Contains("hdaGraph.services[1].deployment.intent.resources 'large' → compute: {cpu: large, ram: large, storage: large}", warning.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_a_graph_intent_with_no_0_4_0_equivalent_saying_what_to_write()
    {
        var text = Im030(imVersion: "imVersion: 0.3.0", graphIntent: "\"Cheap and fast\"", intent: "resources: small");

        var error = SingleError(text, "hdaGraph.hdaGraphIntent", 4, 19);

        Assert.Equal("'Cheap and fast' (IM 0.3.0)", error.Found);
        Assert.StartsWith("a mapping of the 0.4.0 intents that apply", error.Expected, StringComparison.Ordinal);
        Assert.Contains("hdaGraphIntent: {highPerformance: {enabled: true}}", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_a_network_string_which_names_no_link()
    {
        var text = Im030(imVersion: "imVersion: 0.3.0", graphIntent: "{}", intent: "network: \"Low latency\", resources: small");

        var error = SingleError(text, $"{Intent}.network", 9, 28);

        Assert.StartsWith("network: {latencies: [{connectionPoint: <a service id>", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_resources_a_table_lacks_naming_the_compute_to_write()
    {
        var text = Im030(imVersion: "imVersion: 0.3.0", graphIntent: "{}", intent: "resources: light");

        var error = SingleError(text, $"{Intent}.resources", 9, 30);

        Assert.Equal("'light' (IM 0.3.0)", error.Found);
        Assert.StartsWith("compute: {cpu: light, ram: light, storage: <small|medium|large>}: 'light' is no storage size", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_resources_beside_compute()
    {
        var text = Im030(imVersion: "imVersion: 0.3.0", graphIntent: "{}", intent: "resources: small, compute: { cpu: large }");

        var error = SingleError(text, $"{Intent}.resources", 9, 30);

        Assert.StartsWith("compute only", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_0_3_0_shapes_in_a_descriptor_declaring_0_4_0_saying_what_to_write()
    {
        var text = Im030(imVersion: "imVersion: 0.4.0", graphIntent: "{}", intent: "resources: small");

        var error = SingleError(text, $"{Intent}.resources", 9, 30);

        Assert.Equal("'small', the IM 0.3.0 shape of compute", error.Found);
        Assert.Equal("compute: {cpu: small, ram: small, storage: small} (the IM 0.4.0 shape, as imVersion declares; or declare imVersion 0.3.0 for Smo to convert it)", error.Expected);
    }

    [Fact]
    public void Parse_reads_a_descriptor_declaring_0_3_0_in_0_4_0_shapes_with_a_warning()
    {
        var result = Parser.Parse(Im030(imVersion: "imVersion: 0.3.0", graphIntent: "{}", intent: "compute: { cpu: small, ram: small, storage: small }"));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal("IM 0.4.0 (read as 0.4.0: nothing in it has a 0.3.0 shape)", Assert.Single(result.Warnings).Expected);
    }

    [Fact]
    public void Parse_keeps_the_0_3_0_descriptor_it_received_and_reads_it_back_the_same()
    {
        var result = Parser.Parse(Im030(imVersion: "imVersion: 0.3.0", graphIntent: "\"High availability\"", intent: "resources: large"));

        Assert.Equal("0.3.0", result.Descriptor!.Value.GetProperty("hdaGraph").GetProperty("imVersion").GetString());
        var again = ParseValid(result.Descriptor.Value.GetRawText());
        Assert.Equal(JsonSerializer.Serialize(result.Graph), JsonSerializer.Serialize(again));
        Assert.True(again.Intent.HighAvailability);
    }

    /// <summary>A one-service graph; the intent's fields are written inside a flow mapping on line 9.</summary>
    private static string Im030(string imVersion, string graphIntent, string intent) => $$"""
        hdaGraph:
          {{imVersion}}
          id: shop
          hdaGraphIntent: {{graphIntent}}
          services:
            - id: web
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent: { {{intent}}, coLocation: [], connectionPoints: [], metrics: [] }
              artifact: { ociImage: oci://r/web }
        """;
}
