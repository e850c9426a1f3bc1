using Npgsql;
using Smo.Store.Paging;
using Smo.Store.Sql;

namespace Smo.Store.Events;

/// <summary>The progress and audit log: what Smo did to each graph and to the federation, append-only.</summary>
public sealed class EventLog(StoreContext store)
{
    private const string Columns = "id, graph, service, kind, message, data, created_at";

    /// <summary>Records the event; throws <see cref="KeyNotFoundException"/> when it names a graph that does not exist.</summary>
    public async Task<EventRecord> AppendAsync(NewEvent entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate(nameof(entry));

        await using var command = store.DataSource.CreateCommand(
            $"INSERT INTO {store.Events} (graph, service, kind, message, data) VALUES (@graph, @service, @kind, @message, @data) RETURNING {Columns}");
        command.Parameters
            .WithText("graph", entry.Graph)
            .WithText("service", entry.Service)
            .WithText("kind", entry.Kind)
            .WithText("message", entry.Message)
            .WithJson("data", entry.Data);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return Read(reader);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"Graph '{entry.Graph}' does not exist; its event was not recorded.", e);
        }
    }

    /// <summary>The most recent events, newest first: the graph's, or with a null graph the federation-wide ones.</summary>
    public async Task<IReadOnlyList<EventRecord>> LatestAsync(string? graph, int limit, CancellationToken cancellationToken = default)
    {
        if (graph is not null)
        {
            Require.Label(graph, "The graph name", nameof(graph));
        }

        Require.Limit(limit, nameof(limit));
        var filter = graph is null ? "graph IS NULL" : "graph = @graph";
        await using var command = store.DataSource.CreateCommand(
            $"SELECT {Columns} FROM {store.Events} WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT @limit");
        command.Parameters.WithText("graph", graph).WithInt("limit", limit);
        var events = new List<EventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(reader));
        }

        return events;
    }

    /// <summary>
    /// A page of the graph's events in <paramref name="window"/> that pass <paramref name="filter"/>, newest first
    /// (see <see cref="LogPosition"/> for how pages follow one another).
    /// </summary>
    public async Task<LogPage<EventRecord>> PageAsync(string graph, EventFilter filter, LogWindow window, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(window);
        window.Validate(nameof(window));

        await using var command = store.DataSource.CreateCommand();
        var conditions = KeysetPaging.Conditions(window, command.Parameters);
        if (filter.Kinds.Count > 0)
        {
            conditions += " AND kind = ANY(@kinds)";
            command.Parameters.WithTexts("kinds", filter.Kinds);
        }

        if (filter.Service is { } service)
        {
            Require.Label(service, "The service name", nameof(filter));
            conditions += " AND service = @service";
            command.Parameters.WithText("service", service);
        }

        command.CommandText = $"SELECT {Columns} FROM {store.Events} WHERE graph = @graph{conditions} {KeysetPaging.Order}";
        command.Parameters.WithText("graph", graph);
        return await KeysetPaging.ReadAsync(command, window.Limit, Read, e => new LogPosition(e.CreatedAt, e.Id), cancellationToken);
    }

    /// <summary>
    /// Deletes events older than <paramref name="before"/> (the federation's too) and each graph's beyond its newest
    /// <paramref name="keepPerGraph"/>; returns how many.
    /// </summary>
    public async Task<long> PurgeAsync(DateTimeOffset before, int keepPerGraph, int batchSize = 10_000, CancellationToken cancellationToken = default)
    {
        var old = await LogTrimming.InBatchesAsync(store.DataSource,
            $"DELETE FROM {store.Events} WHERE id IN (SELECT id FROM {store.Events} WHERE created_at < @before LIMIT @batch)",
            parameters => parameters.AddWithValue("before", before), batchSize, cancellationToken);
        return old + await LogTrimming.BeyondNewestPerGraphAsync(store.DataSource, store.Events, keepPerGraph, batchSize, cancellationToken);
    }

    private static EventRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetNullableString(1),
        reader.GetNullableString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetNullableJsonElement(5),
        reader.GetTime(6));
}
