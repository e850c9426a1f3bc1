using System.Globalization;
using System.Text;
using Smo.Functions.Graphs.Translation;
using Smo.Hdag.Translation;
using Smo.Kpi.Agreement;
using Smo.Kpi.Scenarios;

namespace Smo.Bench.Kpi;

/// <summary>
/// What a live run of a KPI window needs, written from the scenario: the simulator's scenario (the same clusters, each
/// service offered the window's series after the lead-in and its first value before, the same pod start), the graph's
/// HDAG (each service's CPU and memory as the intent size that means them, its α/β and bounds, the edges) and the
/// host's settings (those the replay assumes).
/// </summary>
internal static class KpiLiveFiles
{
    public const string ScenarioFile = "simulator-scenario.yaml";
    public const string GraphFile = "graph.yaml";
    public const string HostSettingsFile = "host.env";

    public static void Write(string directory, KpiScenario window, LiveWindow live, TimeSpan leadIn, GraphDefaults defaults)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ScenarioFile), SimulatorScenario(window, leadIn, defaults));
        File.WriteAllText(Path.Combine(directory, GraphFile), Graph(window, live));
        File.WriteAllText(Path.Combine(directory, HostSettingsFile), HostSettings(defaults));
    }

    /// <summary>The graph's name: the scenario's, made a DNS label.</summary>
    public static string GraphName(KpiScenario scenario) => $"kpi-live-{scenario.Name}".ToLowerInvariant();

    /// <summary>The intent size whose amount is <paramref name="amount"/> (within 5 %: the original's light is 500 MiB, not 0.5 GiB).</summary>
    public static string Size(IReadOnlyDictionary<string, double> table, double amount, string what, string service) =>
        table.Where(row => Math.Abs(row.Value - amount) <= 0.05 * amount).Select(row => row.Key).FirstOrDefault()
        ?? throw new ArgumentException($"{service}: no intent size means {amount} {what} ({string.Join(", ", table.Select(r => $"{r.Key} {r.Value}"))}).");

    private static string SimulatorScenario(KpiScenario window, TimeSpan leadIn, GraphDefaults defaults)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            # Written by bench/run.sh kpi-live from the KPI scenario {window.Name}: its window starts {leadIn.TotalSeconds} s after the
            # simulator starts; each service is offered the window's first load before it.
            name: {GraphName(window)}
            simulation:
              tick: 1s
              podStartDelay: {(window.PodStart ?? defaults.PodStartDelay).TotalSeconds}s
              clock: real
            clusters:

            """);
        foreach (var cluster in window.Clusters)
        {
            var region = cluster.Region.ToLowerInvariant();
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: {cluster.Name}
                    region: {region}
                    zone: {region}-a
                    cpu: {cluster.Cpu}
                    memory: {cluster.MemoryGiB}Gi
                    energy: {"{"}pue: {cluster.Pue}, idleWattsPerCore: {cluster.IdleWattsPerCore}, maxWattsPerCore: {cluster.MaxWattsPerCore}{"}"}
                    carbonIntensity: {cluster.Carbon.ValueAt(0)}

                """);
        }

        yaml.Append("workloads:\n");
        foreach (var service in window.Services)
        {
            // The simulator's capacity has no negative β; the offered load (what the host's rate reads) does not depend on it.
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - service: {service.Name}
                    alpha: {service.Alpha}
                    beta: {Math.Max(0, service.Beta)}
                    load:
                      type: steps
                      steps:
                        - {"{"}at: 0s, value: {service.Load.Values[0]}{"}"}

                """);
            for (var i = 1; i < service.Load.Values.Count; i++)
            {
                var at = leadIn.TotalSeconds + (i * service.Load.Step);
                yaml.Append(CultureInfo.InvariantCulture, $"        - {{at: {at}s, value: {service.Load.Values[i]}}}\n");
            }
        }

        yaml.Append("""
            objects:
              - apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: kube-prometheus-stack-0
                  namespace: monitoring
                  labels: {release: kube-prometheus-stack}
                spec:
                  groups:
                    - name: smo-alerts
                      rules: []

            """);
        return yaml.ToString();
    }

    private static string Graph(KpiScenario window, LiveWindow live)
    {
        var tables = IntentTables.Original;
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            hdaGraph:
              imVersion: 0.4.0
              id: {GraphName(window)}
              version: "1.0.0"
              designer: Smo
              description: The KPI scenario {window.Name} from trace second {live.TraceStart}, {live.Compression}x compressed.
              hdaGraphIntent:
                useStaticPlacement: false
              services:

            """);
        foreach (var service in window.Services)
        {
            var cpu = Size(tables.CpuCores, service.Cpu, "cores", service.Name);
            var ram = Size(tables.MemoryGiB, service.MemoryGiB, "GiB", service.Name);
            var peers = window.Edges.Where(e => e.From == service.Name).Select(e => e.To);
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                    - id: {{service.Name}}
                      deployment:
                        trigger:
                          auto:
                            dependencies: []
                        intent:
                          compute: { cpu: {{cpu}}, ram: {{ram}}, storage: small, gpu: { enabled: false } }
                          connectionPoints: [{{string.Join(", ", peers)}}]
                      artifact:
                        ociImage: oci://127.0.0.1:5000/smo-bench/{{service.Name}}
                        ociConfig: { type: App, implementer: HELM }
                        valuesOverwrite:
                          resources: { limits: { cpu: "{{tables.CpuCores[cpu] * 1000}}m", memory: "{{Math.Round(tables.MemoryGiB[ram] * 1024)}}Mi" } }
                      scaling: { alpha: {{service.Alpha}}, beta: {{service.Beta}}, minReplicas: {{service.MinReplicas}}, maxReplicas: {{service.MaxReplicas}} }

                """);
        }

        return yaml.ToString();
    }

    /// <summary>NAME=VALUE lines for stack_host_up: the times the replay assumes.</summary>
    private static string HostSettings(GraphDefaults defaults) => string.Join('\n',
        $"Smo__Graphs__ScalingInterval={defaults.ScalingInterval:c}",
        $"Smo__Graphs__RateWindow={defaults.RateWindow:c}",
        $"Smo__Graphs__PodStartDelay={defaults.PodStartDelay:c}",
        $"Smo__Graphs__LoadWatchInterval={defaults.LoadWatchInterval:c}") + "\n";
}
