using Smo.Hdag;
using Smo.Hdag.Parsing;

namespace Smo.Functions.Tests.Translation;

/// <summary>Small descriptors for the high-availability and placeability tests: a graph intent and its services, written inline.</summary>
public static class AvailabilityDescriptor
{
    /// <param name="services">Each from <see cref="Service"/>.</param>
    public static string Graph(bool staticPlacement, bool highAvailability, params string[] services) => $$"""
        hdaGraph:
          imVersion: 0.4.0
          id: ha-graph
          version: "1.0.0"
          designer: Smo tests
          description: High availability and placeability.
          hdaGraphIntent:
            useStaticPlacement: {{staticPlacement}}
            highAvailability: { enabled: {{highAvailability}} }
          services:
        {{string.Join("\n", services)}}
        """;

    /// <param name="availability">The service's own <c>intent.highAvailability</c> block (flow mapping), or null.</param>
    /// <param name="scaling">Its <c>scaling</c> block (flow mapping), or null.</param>
    /// <param name="values">Its <c>valuesOverwrite</c> (flow mapping).</param>
    public static string Service(string id, string cpu = "small", string? availability = null, string? scaling = null, string values = "{}", bool gpu = false) => $$"""
            - id: {{id}}
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: {{cpu}}, ram: small, storage: small, gpu: { enabled: {{gpu.ToString().ToLowerInvariant()}} } }
                  connectionPoints: []
        {{(availability is null ? "" : $"          highAvailability: {availability}")}}
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/shop-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {{values}}
        {{(scaling is null ? "" : $"      scaling: {scaling}")}}
        """;

    public static HdaGraph Parse(string yaml)
    {
        var parsed = new HdagParser().Parse(yaml);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors.Select(e => e.Message)) + "\n" + yaml);
        return parsed.Graph!;
    }
}
