using System.Data;
using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Graphs;

/// <summary>Reads graphs and their services in one snapshot, so a graph never comes back with another moment's services.</summary>
internal static class GraphSnapshotReader
{
    /// <param name="filter">A condition on the graphs table, its parameters bound by <paramref name="parameters"/>.</param>
    /// <param name="limit">The first this many graphs in name order; null: all of them.</param>
    public static async Task<IReadOnlyList<GraphRecord>> ReadAsync(
        StoreContext store, string filter, Action<NpgsqlParameterCollection> parameters, int? limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

        var servicesByGraph = new Dictionary<string, List<ServiceRecord>>(StringComparer.Ordinal);
        await using (var services = new NpgsqlCommand(
            $"""
            SELECT {GraphRows.ServiceColumns} FROM {store.Services}
            WHERE graph IN (SELECT name FROM {store.Graphs} WHERE {filter} ORDER BY name LIMIT @limit)
            ORDER BY graph, ordinal
            """, connection))
        {
            parameters(services.Parameters.WithInt("limit", limit));
            await using var reader = await services.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var service = GraphRows.ReadService(reader);
                if (!servicesByGraph.TryGetValue(service.Graph, out var list))
                {
                    servicesByGraph[service.Graph] = list = [];
                }

                list.Add(service);
            }
        }

        var graphs = new List<GraphRecord>();
        // LIMIT NULL is no limit.
        await using (var command = new NpgsqlCommand($"SELECT {GraphRows.GraphColumns} FROM {store.Graphs} WHERE {filter} ORDER BY name LIMIT @limit", connection))
        {
            parameters(command.Parameters.WithInt("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                graphs.Add(GraphRows.ReadGraph(reader, servicesByGraph.GetValueOrDefault(reader.GetString(0)) ?? []));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return graphs;
    }
}
