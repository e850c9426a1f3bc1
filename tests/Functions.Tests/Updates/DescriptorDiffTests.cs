using System.Text.Json;
using Smo.Functions.Graphs.Updates;
using Smo.Hdag.Parsing;

namespace Smo.Functions.Tests.Updates;

/// <summary>What a new descriptor changes, kind by kind, read from the documents as the parser stores them.</summary>
public sealed class DescriptorDiffTests
{
    private const string Base = """
        hdaGraph:
          id: shop
          version: "1.0"
          hdaGraphIntent: { useStaticPlacement: false }
          placementStrategy: smo-milp
          services:
            - id: web
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: light, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: [catalogue]
              artifact:
                ociImage: oci://registry/shop/web:1.0.0
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: { replicaCount: 1, auth: { password: s3cret } }
              scaling: { alpha: 20, beta: 0, minReplicas: 1, maxReplicas: 8 }
            - id: catalogue
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: small, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://registry/shop/catalogue:1.0.0
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {}
        """;

    [Fact]
    public void Between_the_same_descriptor_in_yaml_and_json_finds_no_changes()
    {
        var yaml = Document(Base);
        var json = Document(yaml.GetRawText());

        var diff = DescriptorDiff.Between(yaml, json);

        Assert.True(diff.IsEmpty);
        Assert.Equal(["web", "catalogue"], diff.Unchanged);
        Assert.Equal("No changes.", diff.Summary());
    }

    [Theory]
    [InlineData("ociImage: oci://registry/shop/web:1.0.0", "ociImage: oci://registry/shop/web:1.1.0", "chart", true, "oci://registry/shop/web:1.0.0 → oci://registry/shop/web:1.1.0 (version 1.0.0 → 1.1.0)")]
    [InlineData("replicaCount: 1, auth: { password: s3cret }", "replicaCount: 2, auth: { password: n3w }", "values", true, "changed: replicaCount, auth.password (values not shown)")]
    [InlineData("cpu: light, ram: light", "cpu: medium, ram: light", "intent.compute", false, "cpu: light → medium")]
    [InlineData("connectionPoints: [catalogue]", "connectionPoints: []", "intent.connectionPoints", true, "[\"catalogue\"] → []")]
    [InlineData("alpha: 20, beta: 0, minReplicas: 1, maxReplicas: 8", "alpha: 20, beta: 0, minReplicas: 2, maxReplicas: 8", "scaling", false, "minReplicas: 1 → 2")]
    [InlineData("type: App", "type: VO", "artifact.ociConfig", true, "type: App → VO")]
    public void Between_names_what_changed_in_a_service_and_whether_helm_must_upgrade_it(string from, string to, string field, bool upgrade, string detail)
    {
        var after = Edit(Base, "web", from, to);

        var diff = DescriptorDiff.Between(Document(Base), Document(after));

        var change = Assert.Single(diff.Changed);
        Assert.Equal("web", change.Service);
        Assert.Equal(upgrade, change.Upgrade);
        var fieldChange = Assert.Single(change.Changes);
        Assert.Equal((field, detail), (fieldChange.Field, fieldChange.Detail));
        Assert.Equal(["catalogue"], diff.Unchanged);
    }

    [Fact]
    public void Between_names_a_trigger_that_becomes_an_event_and_a_new_policy_without_an_upgrade()
    {
        var after = Edit(Base, "catalogue", "trigger: { auto: { dependencies: [] } }",
            "trigger: { event: { condition: ANY, events: [{ id: busy, condition: { promQuery: \"up > 1\" } }] } }");
        after = Edit(after, "catalogue", "deployment:", "policies: [{ id: move-off, action: migrate, promQuery: \"up == 0\" }]\n      deployment:");

        var change = Assert.Single(DescriptorDiff.Between(Document(Base), Document(after)).Changed);

        Assert.Equal("catalogue", change.Service);
        Assert.False(change.Upgrade);
        Assert.Equal(["policies", "trigger"], change.Changes.Select(c => c.Field).Order());
    }

    [Fact]
    public void Between_lists_services_added_and_removed_and_the_graphs_own_changes()
    {
        var after = Base
            .Replace("- id: catalogue", "- id: reviews", StringComparison.Ordinal)
            .Replace("connectionPoints: [catalogue]", "connectionPoints: [reviews]", StringComparison.Ordinal)
            .Replace("placementStrategy: smo-milp", "placementStrategy: energy-aware", StringComparison.Ordinal)
            .Replace("useStaticPlacement: false", "useStaticPlacement: false, highAvailability: { enabled: true }", StringComparison.Ordinal);

        var diff = DescriptorDiff.Between(Document(Base), Document(after));

        Assert.Equal(["reviews"], diff.Added);
        Assert.Equal(["catalogue"], diff.Removed);
        Assert.Equal("intent.connectionPoints", Assert.Single(Assert.Single(diff.Changed).Changes).Field);
        Assert.Equal(["intent", "placementStrategy"], diff.Graph.Select(f => f.Field).Order());
        Assert.Contains("smo-milp → energy-aware", diff.Graph.Single(f => f.Field == "placementStrategy").Detail, StringComparison.Ordinal);
        Assert.Equal("Added reviews; removed catalogue; changed web (intent.connectionPoints); graph: intent, placementStrategy.", diff.Summary());
    }

    [Fact]
    public void Between_keeps_a_field_the_model_does_not_read()
    {
        var after = Edit(Base, "web", "connectionPoints: [catalogue]", "connectionPoints: [catalogue]\n          coLocation: [catalogue]");

        var change = Assert.Single(DescriptorDiff.Between(Document(Base), Document(after)).Changed);

        Assert.Equal(("intent.coLocation", "(none) → [\"catalogue\"]"), (change.Changes[0].Field, change.Changes[0].Detail));
    }

    [Fact]
    public void Between_never_quotes_helm_values()
    {
        var after = Base.Replace("password: s3cret", "password: an0ther-secret", StringComparison.Ordinal);

        var text = JsonSerializer.Serialize(DescriptorDiff.Between(Document(Base), Document(after)));

        Assert.Contains("auth.password", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("an0ther", text, StringComparison.Ordinal);
    }

    /// <summary>The descriptor with the first <paramref name="from"/> after service <paramref name="service"/>'s id replaced.</summary>
    private static string Edit(string text, string service, string from, string to)
    {
        var at = text.IndexOf(from, text.IndexOf($"- id: {service}", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at >= 0, $"no '{from}' in service {service}");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    /// <summary>The document as a deploy stores it: parsed, and valid.</summary>
    private static JsonElement Document(string text)
    {
        var parsed = new HdagParser().Parse(text);
        Assert.True(parsed.Succeeded, string.Join(" ", parsed.Errors.Select(e => e.Message)));
        return parsed.Descriptor!.Value;
    }
}
