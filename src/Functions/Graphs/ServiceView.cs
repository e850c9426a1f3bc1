using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Smo.Adapters.PrometheusRules;
using Smo.Functions.Compatibility;
using Smo.Functions.Secrets;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// A service as the API returns it: the original SMO's <c>Service.to_dict()</c> fields with its names and formats
/// (<c>status</c>, <c>cluster_affinity</c>, <c>artifact_*</c>, <c>values_overwrite</c>, <c>cpu</c>, <c>memory</c>,
/// <c>storage</c>, <c>gpu</c>, <c>alert</c>) beside Smo's own. Where Smo had a field of another type at an original name,
/// the original's value took the name and Smo's moved: <see cref="SmoStatus"/>, <see cref="CpuCores"/>,
/// <see cref="GpuRequired"/>.
/// </summary>
/// <param name="Status">The original's word: <c>Deployed</c>, <c>Pending</c>, <c>Not deployed</c> (or Smo's <c>Failed</c>).</param>
/// <param name="SmoStatus">Smo's status name: <c>Pending</c>, <c>Deployed</c>, <c>NotDeployed</c>, <c>Failed</c>.</param>
/// <param name="Cpu">Cores per replica as the original wrote them ("0.5", "1").</param>
/// <param name="Memory">Memory per replica as the original wrote it ("500MiB", "1GiB").</param>
/// <param name="Storage">Storage as the original wrote it ("10GB").</param>
/// <param name="Gpu">The original's GPU flag: "1" or "0".</param>
/// <param name="Alert">The Prometheus rule of the service's last trigger event, as written; <c>{}</c> when it has none (the original's <c>alert</c>).</param>
/// <param name="Alerts">Every alert rule of the service's trigger events.</param>
/// <param name="Why">Why it runs where it does with its replicas; only in a graph's own status, not in lists.</param>
public sealed record ServiceView(
    string Name,
    string Status,
    string SmoStatus,
    bool Conditional,
    [property: JsonPropertyName("cluster_affinity")] string? ClusterAffinity,
    [property: JsonPropertyName("artifact_ref")] string ArtifactRef,
    [property: JsonPropertyName("artifact_type")] string? ArtifactType,
    [property: JsonPropertyName("artifact_implementer")] string? ArtifactImplementer,
    string Cpu,
    string Memory,
    string Storage,
    string Gpu,
    double CpuCores,
    double MemoryGiB,
    double StorageGB,
    bool GpuRequired,
    int Replicas,
    ScalingParameters? Scaling,
    [property: JsonPropertyName("values_overwrite")] JsonElement ValuesOverwrite,
    JsonObject Alert,
    IReadOnlyList<ServiceAlertRule> Alerts,
    string? Grafana,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ServiceWhyView? Why)
{
    /// <param name="secrets">Redacts the values that carry secrets.</param>
    public static ServiceView Of(string graph, ServiceRecord s, SecretValues secrets, ServiceWhyView? why) => new(
        s.Name,
        OriginalFormats.ServiceStatusWord(s.Status),
        s.Status.ToString(),
        s.Conditional,
        s.Cluster,
        s.Artifact.Reference,
        s.Artifact.Type,
        s.Artifact.Implementer,
        OriginalFormats.ServiceCpu(s.Resources.CpuCores),
        OriginalFormats.ServiceMemory(s.Resources.MemoryGiB),
        OriginalFormats.ServiceStorage(s.Resources.StorageGB),
        OriginalFormats.ServiceGpu(s.Resources.Gpu),
        s.Resources.CpuCores,
        s.Resources.MemoryGiB,
        s.Resources.StorageGB,
        s.Resources.Gpu,
        s.DesiredReplicas,
        s.Scaling,
        secrets.Redact(s.HelmValues),
        s.AlertRules is [.., var last]
            ? new AlertRule(graph, s.Name, last.EventId, last.Expression, last.For, last.Description).ToPrometheusRule()
            : [],
        s.AlertRules,
        s.GrafanaUrl,
        why);
}
