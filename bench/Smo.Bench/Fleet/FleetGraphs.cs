using System.Globalization;
using System.Text;

namespace Smo.Bench.Fleet;

/// <summary>
/// The graphs of the fleet: graph <c>i</c> is <c>fleet-NNNN</c> in a project of its own, with five services whose
/// names are unique across the fleet (the rate query and the simulator's load know services by name alone).
/// </summary>
internal static class FleetGraphs
{
    public const int ServicesPerGraph = 5;

    /// <summary>α of every service: with offered loads of 5–45 req/s, 1–5 replicas.</summary>
    public const int Alpha = 10;

    public const int MaxReplicas = 8;

    private static readonly string[] Roles = ["web", "api", "auth", "cache", "jobs"];

    public static string Name(int index) => $"fleet-{index.ToString("D4", CultureInfo.InvariantCulture)}";

    public static string Project(int index) => Name(index);

    public static IEnumerable<string> Services(int index) =>
        Roles.Select(role => $"f{index.ToString("D4", CultureInfo.InvariantCulture)}-{role}");

    /// <summary>The HDAG of graph <paramref name="index"/>; no scaling interval, so the host's applies.</summary>
    public static string Descriptor(int index)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $$"""
            hdaGraph:
              imVersion: 0.4.0
              id: {{Name(index)}}
              version: "1.0.0"
              designer: Smo
              description: Graph {{index}} of the fleet benchmark.
              hdaGraphIntent:
                useStaticPlacement: false
              services:

            """);
        foreach (var service in Services(index))
        {
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                    - id: {{service}}
                      deployment:
                        trigger:
                          auto:
                            dependencies: []
                        intent:
                          compute: { cpu: light, ram: light, storage: small, gpu: { enabled: false } }
                          connectionPoints: []
                      artifact:
                        ociImage: oci://127.0.0.1:5000/smo-bench/{{service}}
                        ociConfig: { type: App, implementer: HELM }
                      scaling: { alpha: {{Alpha}}, beta: 0, minReplicas: 1, maxReplicas: {{MaxReplicas}} }

                """);
        }

        return yaml.ToString();
    }
}
