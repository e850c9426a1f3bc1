extern alias simulator;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using simulator::Smo.Simulator.Kubernetes;
using Smo.Functions.Tests.Graphs;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Everything a request could create or change, each item with the owner whose requests may change it:
/// <list type="bullet">
/// <item>the store: graphs (project, status, placement), services (status, cluster), decisions a request asks for
/// (the scaling loop's own — tick, load, infeasible scaling — are the graphs' heartbeat, not a request's doing), events,
/// alert deliveries and policy firings per graph; clusters' energy profiles; VIMs and OpenStack clusters; the row count
/// of any other table; the durable instances;</item>
/// <item>the simulator: Helm releases (chart, revision, status, values), namespaces and Deployments, and every rule of
/// every PrometheusRule;</item>
/// <item>the API's own list of graphs.</item>
/// </list>
/// Owners: <c>graph:NAME</c>, <c>namespace:NAME</c>, <c>cluster:NAME</c>, <c>vim:ID</c>, <c>os-k8s:ID</c>,
/// <c>samples</c> (instances other than graphs'), <c>federation</c> and <c>table:NAME</c> (nothing a request may touch).
/// </summary>
public sealed class StateSnapshot
{
    /// <summary>Tables read item by item below; any other table of the store is compared by its row count.</summary>
    private static readonly string[] ItemisedTables = ["graphs", "services", "decisions", "events", "alert_deliveries", "policy_firings", "clusters", "vims", "os_k8s_clusters", "schema_version"];

    private readonly Dictionary<string, (string Owner, string Value)> _items;

    private StateSnapshot(Dictionary<string, (string Owner, string Value)> items)
    {
        _items = items;
        Projects = items.Where(i => i.Key.StartsWith("graph|", StringComparison.Ordinal))
            .ToDictionary(i => i.Key["graph|".Length..], i => i.Value.Value.Split('|')[0], StringComparer.Ordinal);
    }

    /// <summary>The project of every graph in the store.</summary>
    public IReadOnlyDictionary<string, string> Projects { get; }

    public static async Task<StateSnapshot> TakeAsync(ControlPlaneHost host, HttpClient master, NpgsqlDataSource database)
    {
        var items = new Dictionary<string, (string, string)>();
        await ReadStoreAsync(host, database, items);
        ReadSimulator(host, items);
        foreach (var graph in (await master.GetFromJsonAsync<JsonElement>("/graphs")).EnumerateArray())
        {
            var name = graph.GetProperty("name").GetString()!;
            items[$"api-graph|{name}"] = ($"graph:{name}", "");
        }

        return new StateSnapshot(items);
    }

    /// <summary>Each item added, removed or changed since this snapshot whose owner <paramref name="mayChange"/> does not allow.</summary>
    public IReadOnlyList<string> ChangesOutside(StateSnapshot later, Func<string, bool> mayChange)
    {
        var changes = new List<string>();
        foreach (var key in _items.Keys.Union(later._items.Keys).Order(StringComparer.Ordinal))
        {
            var before = _items.TryGetValue(key, out var b) ? b : ((string, string)?)null;
            var after = later._items.TryGetValue(key, out var a) ? a : ((string, string)?)null;
            if (before == after || mayChange((before ?? after)!.Value.Item1))
            {
                continue;
            }

            changes.Add(before is null ? $"created {key} = {after!.Value.Item2}"
                : after is null ? $"removed {key} (was {before.Value.Item2})"
                : $"changed {key}: {before.Value.Item2} -> {after.Value.Item2}");
        }

        return changes;
    }

    private static async Task ReadStoreAsync(ControlPlaneHost host, NpgsqlDataSource database, Dictionary<string, (string, string)> items)
    {
        var s = host.StoreSchema;
        var counted = await OtherTablesAsync(database, s);
        var sql = $"""
            SELECT 'graph|' || name, 'graph:' || name, project || '|' || status || '|' || placement::text FROM {s}.graphs
            UNION ALL SELECT 'service|' || graph || '|' || name, 'graph:' || graph, status || '|' || coalesce(cluster, '') FROM {s}.services
            UNION ALL SELECT 'decisions|' || graph || '|' || kind || '|' || trigger, 'graph:' || graph, count(*)::text FROM {s}.decisions
                WHERE trigger NOT IN ('tick', 'load', 'infeasible-scaling') GROUP BY graph, kind, trigger
            UNION ALL SELECT 'events|' || coalesce(graph, '') || '|' || kind, coalesce('graph:' || graph, 'federation'), count(*)::text FROM {s}.events GROUP BY graph, kind
            UNION ALL SELECT 'alert-deliveries|' || graph, 'graph:' || graph, count(*)::text FROM {s}.alert_deliveries GROUP BY graph
            UNION ALL SELECT 'policy-firing|' || graph || '|' || service, 'graph:' || graph, fired_at::text FROM {s}.policy_firings
            UNION ALL SELECT 'cluster|' || name, 'cluster:' || name, coalesce(energy_profile::text, '') || '|' || (removed_at IS NULL)::text FROM {s}.clusters
            UNION ALL SELECT 'vim|' || id, 'vim:' || id, pop_area || '|' || vim_name || '|' || networks::text FROM {s}.vims
            UNION ALL SELECT 'os-k8s|' || smo_id, 'os-k8s:' || smo_id, pop_area || '|' || running_workers || '|' || coalesce(nfvcl_id, '') FROM {s}.os_k8s_clusters
            UNION ALL SELECT 'instance|' || instance_id, CASE WHEN instance_id LIKE 'graph:%' THEN 'graph:' || substr(instance_id, 7) ELSE 'samples' END, status
                FROM {host.DurableSchema}.instances
            {string.Concat(counted.Select(t => $"UNION ALL SELECT 'rows|{t}', 'table:{t}', count(*)::text FROM {s}.\"{t}\" "))}
            """;
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }
    }

    private static async Task<List<string>> OtherTablesAsync(NpgsqlDataSource database, string schema)
    {
        await using var command = database.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'");
        command.Parameters.AddWithValue(schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return [.. tables.Except(ItemisedTables).Order(StringComparer.Ordinal)];
    }

    private static void ReadSimulator(ControlPlaneHost host, Dictionary<string, (string, string)> items)
    {
        host.Simulator.Simulation.Read(state =>
        {
            foreach (var release in state.Releases.Values)
            {
                items[$"release|{release.Namespace}|{release.Name}"] = ($"namespace:{release.Namespace}",
                    $"{release.Chart}|{release.Revision}|{release.Status}|{Hash(release.Values.ToJsonString())}");
            }

            foreach (var ns in state.Store.List(ResourceCatalog.Namespaces))
            {
                var name = Name(ns);
                items[$"namespace|{name}"] = ($"namespace:{name}", "");
            }

            foreach (var deployment in state.Store.List(ResourceCatalog.Deployments))
            {
                items[$"deployment|{Namespace(deployment)}|{Name(deployment)}"] = ($"namespace:{Namespace(deployment)}", "");
            }

            foreach (var rules in state.Store.List(ResourceCatalog.PrometheusRules))
            {
                foreach (var group in rules["spec"]?["groups"]?.AsArray() ?? [])
                {
                    foreach (var rule in group?["rules"]?.AsArray() ?? [])
                    {
                        var graph = rule?["labels"]?["smo_graph"]?.GetValue<string>();
                        items[$"rule|{Namespace(rules)}/{Name(rules)}|{group?["name"]}|{graph}|{rule?["alert"]}"] =
                            (graph is null ? "federation" : $"graph:{graph}", rule!.ToJsonString());
                    }
                }
            }

            return 0;
        });
    }

    private static string Name(JsonObject item) => item["metadata"]!["name"]!.GetValue<string>();

    private static string Namespace(JsonObject item) => item["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
