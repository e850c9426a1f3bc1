using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Graphs;

/// <summary>
/// The insert of one service row: a new graph's (its cluster taken from the graph's placement so the two start in
/// step), or a version's (<see cref="Upsert"/>), one column list and one set of parameters for both.
/// </summary>
internal static class ServiceInsertCommand
{
    public static NpgsqlBatchCommand Create(StoreContext store, NewGraph graph, int ordinal)
    {
        var service = graph.Services[ordinal];
        return Insert(store, graph.Name, ordinal, service, graph.Placement.GetValueOrDefault(service.Name), service.GrafanaUrl, onConflict: "");
    }

    /// <summary>
    /// A version's service: inserted without a cluster or dashboard, or, when the graph already has a service of that
    /// name, its descriptor-given columns replaced (its status, cluster, replicas and dashboard kept).
    /// </summary>
    public static NpgsqlBatchCommand Upsert(StoreContext store, string graph, int ordinal, NewService service) =>
        Insert(store, graph, ordinal, service, cluster: null, grafanaUrl: null,
            $"""
            ON CONFLICT (graph, name) DO UPDATE SET ordinal = excluded.ordinal, conditional = excluded.conditional,
                artifact_ref = excluded.artifact_ref, artifact_type = excluded.artifact_type, artifact_implementer = excluded.artifact_implementer,
                cpu_cores = excluded.cpu_cores, memory_gib = excluded.memory_gib, storage_gb = excluded.storage_gb, gpu = excluded.gpu,
                helm_values = excluded.helm_values, alert_rules = excluded.alert_rules, scaling = excluded.scaling,
                updated_at = now(), row_version = {store.Services}.row_version + 1
            """);

    private static NpgsqlBatchCommand Insert(
        StoreContext store, string graph, int ordinal, NewService service, string? cluster, string? grafanaUrl, string onConflict)
    {
        var command = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {store.Services} (graph, name, ordinal, status, conditional, cluster, artifact_ref, artifact_type, artifact_implementer,
                cpu_cores, memory_gib, storage_gb, gpu, helm_values, alert_rules, scaling, desired_replicas, grafana_url, updated_at)
            VALUES (@graph, @name, @ordinal, @status, @conditional, @cluster, @artifact_ref, @artifact_type, @artifact_implementer,
                @cpu, @memory, @storage, @gpu, @helm_values, @alert_rules, @scaling, @replicas, @grafana_url, now())
            {onConflict}
            """);
        command.Parameters
            .WithText("graph", graph)
            .WithText("name", service.Name)
            .WithInt("ordinal", ordinal)
            .WithText("status", EnumText<ServiceStatus>.Name(service.Status))
            .WithBool("conditional", service.Conditional)
            .WithText("cluster", cluster)
            .WithText("artifact_ref", service.Artifact.Reference)
            .WithText("artifact_type", service.Artifact.Type)
            .WithText("artifact_implementer", service.Artifact.Implementer)
            .WithDouble("cpu", service.Resources.CpuCores)
            .WithDouble("memory", service.Resources.MemoryGiB)
            .WithDouble("storage", service.Resources.StorageGB)
            .WithBool("gpu", service.Resources.Gpu)
            .WithJson("helm_values", service.HelmValues)
            .WithJson("alert_rules", service.AlertRules)
            .WithJson("scaling", service.Scaling)
            .WithInt("replicas", service.DesiredReplicas)
            .WithText("grafana_url", grafanaUrl);
        return command;
    }
}
