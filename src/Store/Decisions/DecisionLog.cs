using Npgsql;
using Smo.Store.Paging;
using Smo.Store.Sql;

namespace Smo.Store.Decisions;

/// <summary>
/// Every placement and scaling decision, append-only: the schema refuses updates; rows go with their graph or, by
/// age, with retention (<see cref="PurgeAsync"/>).
/// </summary>
public sealed class DecisionLog(StoreContext store)
{
    private const string Columns = "id, graph, kind, strategy, trigger, inputs, result, objective, status, reason, duration_ms, created_at";

    /// <summary>Records the decision; throws <see cref="KeyNotFoundException"/> when its graph does not exist.</summary>
    public async Task<DecisionRecord> AppendAsync(NewDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        decision.Validate(nameof(decision));

        await using var command = store.DataSource.CreateCommand(
            $"""
            INSERT INTO {store.Decisions} (graph, kind, strategy, trigger, inputs, result, objective, status, reason, duration_ms)
            VALUES (@graph, @kind, @strategy, @trigger, @inputs, @result, @objective, @status, @reason, @duration_ms)
            RETURNING {Columns}
            """);
        command.Parameters
            .WithText("graph", decision.Graph)
            .WithText("kind", EnumText<DecisionKind>.Kebab(decision.Kind))
            .WithText("strategy", decision.Strategy)
            .WithText("trigger", EnumText<DecisionTrigger>.Kebab(decision.Trigger))
            .WithJson("inputs", decision.Inputs)
            .WithJson("result", decision.Result)
            .WithJson("objective", decision.Objective)
            .WithText("status", EnumText<DecisionStatus>.Name(decision.Status))
            .WithText("reason", decision.Reason)
            .WithDouble("duration_ms", decision.Duration.TotalMilliseconds);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return Read(reader);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"Graph '{decision.Graph}' does not exist; its decision was not recorded.", e);
        }
    }

    /// <summary>The graph's most recent decisions, newest first.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> LatestAsync(string graph, int limit, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        Require.Limit(limit, nameof(limit));

        await using var command = store.DataSource.CreateCommand(
            $"SELECT {Columns} FROM {store.Decisions} WHERE graph = @graph ORDER BY created_at DESC, id DESC LIMIT @limit");
        command.Parameters.WithText("graph", graph).WithInt("limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// The graph's most recent decisions of these kinds that ended in one of these statuses, newest first: the last
    /// placement that placed, however many scaling ticks came after it.
    /// </summary>
    public async Task<IReadOnlyList<DecisionRecord>> LatestAsync(
        string graph, IReadOnlyCollection<DecisionKind> kinds, IReadOnlyCollection<DecisionStatus> statuses, int limit, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        Require.Limit(limit, nameof(limit));
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(statuses);

        await using var command = store.DataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM {store.Decisions}
            WHERE graph = @graph AND kind = ANY(@kinds) AND status = ANY(@statuses)
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """);
        command.Parameters
            .WithText("graph", graph)
            .WithTexts("kinds", kinds.Select(EnumText<DecisionKind>.Kebab))
            .WithTexts("statuses", statuses.Select(EnumText<DecisionStatus>.Name))
            .WithInt("limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// A page of the graph's decisions in <paramref name="window"/> that pass <paramref name="filter"/>, newest first
    /// (see <see cref="LogPosition"/> for how pages follow one another).
    /// </summary>
    public async Task<LogPage<DecisionRecord>> PageAsync(string graph, DecisionFilter filter, LogWindow window, CancellationToken cancellationToken = default)
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
            command.Parameters.WithTexts("kinds", filter.Kinds.Select(EnumText<DecisionKind>.Kebab));
        }

        if (filter.Triggers.Count > 0)
        {
            conditions += " AND trigger = ANY(@triggers)";
            command.Parameters.WithTexts("triggers", filter.Triggers.Select(EnumText<DecisionTrigger>.Kebab));
        }

        command.CommandText = $"SELECT {Columns} FROM {store.Decisions} WHERE graph = @graph{conditions} {KeysetPaging.Order}";
        command.Parameters.WithText("graph", graph);
        return await KeysetPaging.ReadAsync(command, window.Limit, Read, d => new LogPosition(d.CreatedAt, d.Id), cancellationToken);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> decisions of the graph in [<paramref name="since"/>, <paramref name="until"/>)
    /// that changed or kept replicas (placed, or scaled: not infeasible, timed out or refused), oldest first, with only
    /// the parts a replica history is drawn from — not their explanations.
    /// </summary>
    public async Task<IReadOnlyList<ReplicaTrace>> ReplicaTracesAsync(
        string graph, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ReplicaTrace.MaxRead);

        await using var command = store.DataSource.CreateCommand(
            $"""
            SELECT id, created_at, kind, trigger,
                   coalesce(inputs->'services', 'null'), coalesce(result->'replicas', 'null'), coalesce(result->'replicasByCluster', 'null'),
                   coalesce(result->'assignment', 'null'), coalesce(result->'divisions', 'null')
            FROM {store.Decisions}
            WHERE graph = @graph AND status IN ('Optimal', 'Feasible', 'Overloaded') AND created_at >= @since AND created_at < @until
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """);
        command.Parameters.WithText("graph", graph).WithTime("since", since).WithTime("until", until).WithInt("limit", limit);
        var traces = new List<ReplicaTrace>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            traces.Add(new ReplicaTrace(
                reader.GetInt64(0), reader.GetTime(1), EnumText<DecisionKind>.FromKebab(reader.GetString(2)), EnumText<DecisionTrigger>.FromKebab(reader.GetString(3)),
                reader.GetJsonElement(4), reader.GetJsonElement(5), reader.GetJsonElement(6), reader.GetJsonElement(7), reader.GetJsonElement(8)));
        }

        traces.Reverse();
        return traces;
    }

    /// <summary>
    /// Retention: deletes decisions recorded before <paramref name="before"/>, and scaling decisions that changed
    /// nothing (decided, no scale call) recorded before <paramref name="unchangedBefore"/> — at fleet scale most
    /// decisions are such ticks. Deletes in batches of <paramref name="batchSize"/> rows, each its own statement, so no
    /// transaction holds millions of rows; returns how many went.
    /// </summary>
    public Task<long> PurgeAsync(DateTimeOffset before, DateTimeOffset unchangedBefore, int batchSize = 10_000, CancellationToken cancellationToken = default) =>
        LogTrimming.InBatchesAsync(store.DataSource,
            $"""
            DELETE FROM {store.Decisions} WHERE id IN (
                SELECT id FROM {store.Decisions}
                WHERE created_at < @before
                   OR (created_at < @unchanged AND kind = 'scaling' AND status IN ('Optimal', 'Feasible')
                       AND result->>'decisionLatencyMs' IS NULL)
                LIMIT @batch)
            """,
            parameters =>
            {
                parameters.AddWithValue("before", before);
                parameters.AddWithValue("unchanged", unchangedBefore);
            },
            batchSize, cancellationToken);

    /// <summary>Deletes each graph's decisions beyond its newest <paramref name="keep"/>; returns how many.</summary>
    public Task<long> TrimPerGraphAsync(int keep, int batchSize = 10_000, CancellationToken cancellationToken = default) =>
        LogTrimming.BeyondNewestPerGraphAsync(store.DataSource, store.Decisions, keep, batchSize, cancellationToken);

    private static async Task<IReadOnlyList<DecisionRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var decisions = new List<DecisionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decisions.Add(Read(reader));
        }

        return decisions;
    }

    private static DecisionRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        EnumText<DecisionKind>.FromKebab(reader.GetString(2)),
        reader.GetString(3),
        EnumText<DecisionTrigger>.FromKebab(reader.GetString(4)),
        reader.GetJsonElement(5),
        reader.GetJsonElement(6),
        reader.GetJson<Dictionary<string, double>>(7),
        EnumText<DecisionStatus>.FromName(reader.GetString(8)),
        reader.GetString(9),
        TimeSpan.FromMilliseconds(reader.GetDouble(10)),
        reader.GetTime(11));
}
