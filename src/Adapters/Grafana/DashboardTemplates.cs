using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Smo.Adapters.Prometheus;

namespace Smo.Adapters.Grafana;

/// <summary>
/// The original SMO's dashboards (smo-original.md §5.6): per service the pods, CPU, RAM and throttling panels; per
/// graph the same panels repeated over a <c>service</c> variable; per cluster nine node panels. Fixed: every
/// cluster query filters on the configured cluster label (the original used <c>instance</c> in one of them).
/// </summary>
public sealed class DashboardTemplates(IOptions<GrafanaOptions> options)
{
    private const int SchemaVersion = 40;
    private const string ServiceVariable = "$service";

    public GrafanaDashboard Service(string project, string graph, string service)
    {
        var title = $"{graph} / {service}";
        return Dashboard(ServiceUid(project, graph, service), title, ServicePanels(PromQl.EscapeString(service), repeat: false), templating: null);
    }

    public GrafanaDashboard Graph(string project, string graph, IReadOnlyList<string> services)
    {
        if (services.Count == 0)
        {
            throw new ArgumentException($"graph {graph} has no services to show", nameof(services));
        }

        var variable = new JsonObject
        {
            ["name"] = "service",
            ["type"] = "custom",
            ["includeAll"] = true,
            ["multi"] = true,
            ["query"] = string.Join(", ", services),
            ["current"] = new JsonObject { ["text"] = services[0], ["value"] = services[0] },
            ["options"] = new JsonArray(services.Select((s, i) => (JsonNode)new JsonObject { ["selected"] = i == 0, ["text"] = s, ["value"] = s }).ToArray()),
        };
        return Dashboard(GraphUid(project, graph), graph, ServicePanels(ServiceVariable, repeat: true), new JsonArray(variable));
    }

    /// <summary>
    /// The uids of a graph's dashboards, its own and each service's, as <see cref="Graph"/> and <see cref="Service"/>
    /// name them: what goes when the graph goes.
    /// </summary>
    public static IReadOnlyList<string> GraphUids(string project, string graph, IEnumerable<string> services) =>
        [GraphUid(project, graph), .. services.Select(service => ServiceUid(project, graph, service))];

    public GrafanaDashboard Cluster(string cluster)
    {
        var on = $"{options.Value.ClusterLabel}=\"{PromQl.EscapeString(cluster)}\"";
        var panels = new Panels(options.Value.DatasourceUid);
        var cores = $"scalar(count(count(node_cpu_seconds_total{{{on}}}) by (cpu)))";
        string Mode(string mode) => $"sum(irate(node_cpu_seconds_total{{{on},mode=\"{mode}\"}}[5m])) / {cores}";
        string Memory(string field) => $"node_memory_{field}_bytes{{{on}}}";
        var list = new JsonArray(
            panels.TimeSeries(1, "CPU usage", new(0, 0, Panels.FullWidth), "percentunit",
                ("Busy System", Mode("system")), ("Busy User", Mode("user")), ("Busy Iowait", Mode("iowait")), ("Busy IRQs", Mode("irq")),
                ("Busy Other", $"sum(irate(node_cpu_seconds_total{{{on},mode!~\"system|user|iowait|irq|idle\"}}[5m])) / {cores}"),
                ("Idle", Mode("idle"))),
            panels.Stat(2, "CPU cores", new(0, 8, 6), $"machine_cpu_cores{{{on}}}"),
            panels.Gauge(3, "CPU busy", new(6, 8, 6), $"100 * (1 - avg(rate(node_cpu_seconds_total{{mode=\"idle\",{on}}}[1m])))"),
            panels.TimeSeries(4, "Memory Usage", new(12, 8, Panels.HalfWidth), "bytes",
                ("Used", $"{Memory("MemTotal")} - {Memory("MemFree")} - {Memory("Buffers")} - {Memory("Cached")}"),
                ("Buffers", Memory("Buffers")), ("Cached", Memory("Cached")), ("Free", Memory("MemFree"))),
            panels.Gauge(5, "Memory Usage", new(0, 16, 6),
                $"100 * ({Memory("MemTotal")} - {Memory("MemFree")} - {Memory("Buffers")} - {Memory("Cached")}) / {Memory("MemTotal")}"),
            panels.TimeSeries(6, "Disk I/O", new(6, 16, 12), "Bps",
                ("Read", $"sum(rate(node_nfsd_disk_bytes_read_total{{{on}}}[2m]))"),
                ("Written", $"sum(rate(node_nfsd_disk_bytes_written_total{{{on}}}[2m]))"),
                ("IO time", $"sum(rate(node_disk_io_time_seconds_total{{{on}}}[2m]))")),
            panels.Gauge(7, "Disk Space Usage", new(18, 16, 6),
                $"100 * (sum(node_filesystem_size_bytes{{{on},device!=\"rootfs\"}}) - sum(node_filesystem_free_bytes{{{on},device!=\"rootfs\"}})) / sum(node_filesystem_size_bytes{{{on},device!=\"rootfs\"}})"),
            panels.TimeSeries(8, "Network Received", new(0, 24, Panels.HalfWidth), "Bps",
                ("{{device}}", $"rate(node_network_receive_bytes_total{{{on},device!~\"lo\"}}[5m])")),
            panels.TimeSeries(9, "Network Transmitted", new(12, 24, Panels.HalfWidth), "Bps",
                ("{{device}}", $"rate(node_network_transmit_bytes_total{{{on},device!~\"lo\"}}[5m])")));
        list[0]!["fieldConfig"]!["defaults"]!["custom"] = new JsonObject { ["stacking"] = new JsonObject { ["mode"] = "normal" }, ["fillOpacity"] = 30 };
        return Dashboard(DashboardUid.For(DashboardKind.Cluster, cluster), cluster, list, templating: null);
    }

    private static string ServiceUid(string project, string graph, string service) => DashboardUid.For(DashboardKind.Service, project, graph, service);

    private static string GraphUid(string project, string graph) => DashboardUid.For(DashboardKind.Graph, project, graph);

    /// <param name="service">An escaped service name, or <c>$service</c> for the graph dashboard's variable.</param>
    private JsonArray ServicePanels(string service, bool repeat)
    {
        var panels = new Panels(options.Value.DatasourceUid);
        var label = service == ServiceVariable ? ServiceVariable : service;
        var cpu = panels.TimeSeries(11, $"{label} CPU utilization", new(0, 8, Panels.FullWidth), "percent",
            ("{{pod}}", $"round(100 * sum(rate(container_cpu_usage_seconds_total{{pod=~\"{service}.*\",container=~\"{service}.*\"}}[40s])) by (pod, container) / sum(kube_pod_container_resource_limits{{pod=~\"{service}.*\",resource=\"cpu\"}}) by (pod, container))"));
        var cpuDefaults = cpu["fieldConfig"]!["defaults"]!.AsObject();
        cpuDefaults["custom"] = new JsonObject { ["axisSoftMax"] = 100 };
        cpuDefaults["thresholds"] = Panels.Thresholds(80);
        var list = new JsonArray(
            panels.TimeSeries(2, $"{label} pods", new(0, 0, Panels.FullWidth), null,
                ("pods", $"sum(kube_deployment_status_replicas_ready{{deployment=\"{service}\"}}) OR on() vector(0)")),
            cpu,
            panels.TimeSeries(10, $"{label} RAM usage", new(0, 16, Panels.FullWidth), "decbytes",
                ("RAM", $"sum by (service) (container_memory_usage_bytes{{pod=~\"{service}.*\"}}) AND on() (sum(kube_deployment_status_replicas_ready{{deployment=\"{service}\"}})) >= 1")),
            panels.TimeSeries(5, $"{label} throttling", new(0, 24, Panels.FullWidth), "percentunit",
                ("{{container}}", $"sum by (container) (increase(container_cpu_cfs_throttled_periods_total{{pod=~\"{service}.*\", container!=\"\"}}[40s])) / sum by (container) (increase(container_cpu_cfs_periods_total{{pod=~\"{service}.*\", container!=\"\"}}[40s]))")));
        if (repeat)
        {
            foreach (var panel in list)
            {
                panel!["repeat"] = "service";
                panel["repeatDirection"] = "h";
            }
        }

        return list;
    }

    private static GrafanaDashboard Dashboard(string uid, string title, JsonArray panels, JsonArray? templating)
    {
        var model = new JsonObject
        {
            ["id"] = null,
            ["uid"] = uid,
            ["title"] = title,
            ["tags"] = new JsonArray("smo"),
            ["timezone"] = "browser",
            ["editable"] = true,
            ["schemaVersion"] = SchemaVersion,
            ["refresh"] = "5s",
            ["panels"] = panels,
        };
        if (templating is not null)
        {
            model["templating"] = new JsonObject { ["list"] = templating };
        }

        return new GrafanaDashboard(uid, title, model);
    }
}
