using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Graphs;

/// <summary>The column lists <see cref="GraphStore"/> selects and how their rows become records, in one place so they stay in step.</summary>
internal static class GraphRows
{
    public const string GraphColumns =
        "name, project, status, descriptor, placement, placement_strategy, scaling_strategy, weights, scaling_interval_seconds, " +
        "orchestration_instance_id, grafana_url, failure_reason, created_at, updated_at, row_version, degraded";

    public const string ServiceColumns =
        "graph, name, status, conditional, cluster, artifact_ref, artifact_type, artifact_implementer, cpu_cores, memory_gib, storage_gb, gpu, " +
        "helm_values, alert_rules, scaling, desired_replicas, grafana_url, updated_at, row_version, rollout_at, division, helm_revision, moved_at";

    public static GraphRecord ReadGraph(NpgsqlDataReader reader, IReadOnlyList<ServiceRecord> services) => new()
    {
        Name = reader.GetString(0),
        Project = reader.GetString(1),
        Status = EnumText<GraphStatus>.FromName(reader.GetString(2)),
        Descriptor = reader.GetJsonElement(3),
        Placement = reader.GetJson<Dictionary<string, string>>(4),
        Strategies = new GraphStrategies(
            reader.GetString(5),
            reader.GetString(6),
            reader.GetJson<Dictionary<string, double>>(7),
            TimeSpan.FromSeconds(reader.GetDouble(8))),
        OrchestrationInstanceId = reader.GetNullableString(9),
        GrafanaUrl = reader.GetNullableString(10),
        FailureReason = reader.GetNullableString(11),
        CreatedAt = reader.GetTime(12),
        UpdatedAt = reader.GetTime(13),
        Version = reader.GetInt64(14),
        Degraded = reader.GetNullableJson<List<DegradedService>>(15) ?? [],
        Services = services,
    };

    public static ServiceRecord ReadService(NpgsqlDataReader reader) => new()
    {
        Graph = reader.GetString(0),
        Name = reader.GetString(1),
        Status = EnumText<ServiceStatus>.FromName(reader.GetString(2)),
        Conditional = reader.GetBoolean(3),
        Cluster = reader.GetNullableString(4),
        Artifact = new ServiceArtifact(reader.GetString(5), reader.GetNullableString(6), reader.GetNullableString(7)),
        Resources = new ServiceResources(reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10), reader.GetBoolean(11)),
        HelmValues = reader.GetJsonElement(12),
        AlertRules = reader.GetJson<List<ServiceAlertRule>>(13),
        Scaling = reader.GetNullableJson<ScalingParameters>(14),
        DesiredReplicas = reader.GetInt32(15),
        GrafanaUrl = reader.GetNullableString(16),
        UpdatedAt = reader.GetTime(17),
        Version = reader.GetInt64(18),
        RolloutAt = reader.GetTime(19),
        Division = reader.GetNullableJson<Dictionary<string, int>>(20),
        HelmRevision = reader.IsDBNull(21) ? null : reader.GetInt32(21),
        MovedAt = reader.GetNullableTime(22),
    };
}
