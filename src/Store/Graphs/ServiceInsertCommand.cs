using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Graphs;

/// <summary>The insert of one new service, its cluster taken from the graph's placement so the two start in step.</summary>
internal static class ServiceInsertCommand
{
    public static NpgsqlBatchCommand Create(StoreContext store, NewGraph graph, int ordinal)
    {
        var service = graph.Services[ordinal];
        var command = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {store.Services} (graph, name, ordinal, status, conditional, cluster, artifact_ref, artifact_type, artifact_implementer,
                cpu_cores, memory_gib, storage_gb, gpu, helm_values, alert_rules, scaling, desired_replicas, grafana_url, updated_at)
            VALUES (@graph, @name, @ordinal, @status, @conditional, @cluster, @artifact_ref, @artifact_type, @artifact_implementer,
                @cpu, @memory, @storage, @gpu, @helm_values, @alert_rules, @scaling, @replicas, @grafana_url, now())
            """);
        command.Parameters
            .WithText("graph", graph.Name)
            .WithText("name", service.Name)
            .WithInt("ordinal", ordinal)
            .WithText("status", EnumText<ServiceStatus>.Name(service.Status))
            .WithBool("conditional", service.Conditional)
            .WithText("cluster", graph.Placement.GetValueOrDefault(service.Name))
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
            .WithText("grafana_url", service.GrafanaUrl);
        return command;
    }
}
