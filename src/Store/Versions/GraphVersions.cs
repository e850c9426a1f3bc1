using Npgsql;
using Smo.Store.Graphs;
using Smo.Store.Sql;

namespace Smo.Store.Versions;

/// <summary>
/// The versions of each graph's descriptor, and the move of a graph's rows from one to another. A graph deployed
/// before versions were kept (or not yet updated) has its deploy recorded as version 1 when its versions are first
/// read. At most one version per graph is pending; the current one and a pending one are never pruned.
/// </summary>
public sealed class GraphVersions(StoreContext store)
{
    private const string Columns =
        "v.graph, v.number, v.descriptor_version, v.origin, v.rollback_of, v.state, v.summary, v.diff, v.failure_reason, v.created_at, v.settled_at, v.number = g.version_number";

    /// <summary>The graph's versions, newest first; empty when there is no such graph.</summary>
    public async Task<IReadOnlyList<GraphVersionRecord>> ListAsync(string graph, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await RecordDeployAsync(connection, graph, cancellationToken);
        return await ReadAsync(connection, graph, null, withDescriptor: false, cancellationToken);
    }

    /// <summary>One version with its descriptor; null when the graph or the version does not exist.</summary>
    public async Task<GraphVersionRecord?> GetAsync(string graph, int number, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await RecordDeployAsync(connection, graph, cancellationToken);
        return (await ReadAsync(connection, graph, number, withDescriptor: true, cancellationToken)).FirstOrDefault();
    }

    /// <summary>
    /// Stores a pending version numbered after the newest, if the graph is still at <paramref name="expectedRowVersion"/>
    /// (what the caller compared it with) and no other version is pending; returns its number, or null when one is.
    /// Keeps the newest <paramref name="keep"/> versions (and always the current one).
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">The graph changed since it was read.</exception>
    /// <exception cref="KeyNotFoundException">There is no such graph.</exception>
    public async Task<int?> AddPendingAsync(NewGraphVersion version, long expectedRowVersion, int keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        Require.Label(version.Graph, "The graph name", nameof(version));
        Require.Text(version.Summary, $"Graph '{version.Graph}': the version's summary", nameof(version));
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 2);

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await RecordDeployAsync(connection, version.Graph, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var read = new NpgsqlCommand($"SELECT row_version FROM {store.Graphs} WHERE name = @graph FOR UPDATE", connection, transaction))
        {
            read.Parameters.WithText("graph", version.Graph);
            switch (await read.ExecuteScalarAsync(cancellationToken))
            {
                case null:
                    throw new KeyNotFoundException($"Graph '{version.Graph}' does not exist.");
                case long current when current != expectedRowVersion:
                    throw new ConcurrencyConflictException(version.Graph, expectedRowVersion, current);
            }
        }

        var inserted = await connection.ExecuteAsync(
            $"""
            INSERT INTO {store.GraphVersions} (graph, number, descriptor, descriptor_version, origin, rollback_of, state, summary, diff)
            SELECT @graph, coalesce(max(number), 0) + 1, @descriptor, @descriptor_version, @origin, @rollback_of, 'pending', @summary, @diff
            FROM {store.GraphVersions} WHERE graph = @graph
            HAVING NOT bool_or(state = 'pending') OR count(*) = 0
            """,
            p => p.WithText("graph", version.Graph)
                .WithJson("descriptor", version.Descriptor)
                .WithText("descriptor_version", version.DescriptorVersion)
                .WithText("origin", EnumText<VersionOrigin>.Kebab(version.Origin))
                .WithInt("rollback_of", version.RollbackOf)
                .WithText("summary", version.Summary)
                .WithJson("diff", version.Diff),
            cancellationToken);
        if (inserted == 0)
        {
            return null;
        }

        await connection.ExecuteAsync(
            $"""
            DELETE FROM {store.GraphVersions} v USING {store.Graphs} g
            WHERE v.graph = @graph AND g.name = v.graph AND v.state <> 'pending' AND v.number <> g.version_number
              AND v.number NOT IN (SELECT number FROM {store.GraphVersions} WHERE graph = @graph ORDER BY number DESC LIMIT @keep)
            """,
            p => p.WithText("graph", version.Graph).WithInt("keep", keep),
            cancellationToken);
        await using var number = new NpgsqlCommand($"SELECT number FROM {store.GraphVersions} WHERE graph = @graph AND state = 'pending'", connection, transaction);
        number.Parameters.WithText("graph", version.Graph);
        var added = (int)(await number.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Settles a pending version: applied, or failed with the reason, which also becomes the graph's failure reason
    /// (the graph keeps its status: it runs its previous version). Applied clears the graph's failure reason only when
    /// it is a failed version's (an update's own; one from elsewhere stays). False when the version is not pending:
    /// then nothing changes, the graph included.
    /// </summary>
    public async Task<bool> SettleAsync(string graph, int number, VersionState state, string? failureReason, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        if (state == VersionState.Pending || (state == VersionState.Failed) != (failureReason is not null))
        {
            throw new ArgumentException($"Graph '{graph}': a version settles applied, or failed with a reason.", nameof(state));
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var settled = await connection.ExecuteAsync(
            $"""
            UPDATE {store.GraphVersions} SET state = @state, failure_reason = @reason, settled_at = now()
            WHERE graph = @graph AND number = @number AND state = 'pending'
            """,
            p => p.WithText("graph", graph).WithInt("number", number).WithText("state", EnumText<VersionState>.Kebab(state)).WithText("reason", failureReason),
            cancellationToken);
        if (settled == 0)
        {
            return false;
        }

        // A reason a failed version left is the one a version applied since makes stale; the versions kept are where such reasons are known.
        await connection.ExecuteAsync(
            $"""
            UPDATE {store.Graphs} SET failure_reason = @reason, updated_at = now(), row_version = row_version + 1
            WHERE name = @graph AND status <> @failed AND failure_reason IS DISTINCT FROM @reason
              AND (@reason IS NOT NULL OR failure_reason IN (SELECT failure_reason FROM {store.GraphVersions} WHERE graph = @graph AND state = 'failed'))
            """,
            p => p.WithText("graph", graph).WithText("reason", failureReason).WithText("failed", EnumText<GraphStatus>.Name(GraphStatus.Failed)),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Moves the graph's rows to a version (see <see cref="VersionSwitch"/>), in one transaction. Repeating it is
    /// harmless: the rows end the same.
    /// </summary>
    public async Task SwitchAsync(VersionSwitch target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        Require.Label(target.Graph, "The graph name", nameof(target));
        target.Strategies.Validate(nameof(target));
        if (target.Services.Count == 0)
        {
            throw new ArgumentException($"Graph '{target.Graph}': version {target.Number} has no services; a graph needs at least one.", nameof(target));
        }

        foreach (var service in target.Services)
        {
            service.Validate(target.Graph, nameof(target));
        }

        var names = target.Services.Select(s => s.Name).ToArray();
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            $"""
            UPDATE {store.Graphs} SET descriptor = @descriptor, placement_strategy = @placement_strategy, scaling_strategy = @scaling_strategy,
                weights = @weights, scaling_interval_seconds = @interval, version_number = @number,
                placement = CASE WHEN @delete_others
                    THEN (SELECT coalesce(jsonb_object_agg(key, value), jsonb_build_object()) FROM jsonb_each(placement) WHERE key = ANY(@names)) ELSE placement END,
                updated_at = now(), row_version = row_version + 1
            WHERE name = @graph
            """,
            p => p.WithText("graph", target.Graph)
                .WithJson("descriptor", target.Descriptor)
                .WithText("placement_strategy", target.Strategies.PlacementStrategy)
                .WithText("scaling_strategy", target.Strategies.ScalingStrategy)
                .WithJson("weights", target.Strategies.Weights)
                .WithDouble("interval", target.Strategies.ScalingInterval.TotalSeconds)
                .WithInt("number", target.Number)
                .WithBool("delete_others", target.DeleteOthers)
                .WithTexts("names", names),
            cancellationToken);
        if (updated == 0)
        {
            throw new KeyNotFoundException($"Graph '{target.Graph}' does not exist.");
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            if (target.DeleteOthers)
            {
                foreach (var forget in Forget(target.Graph, "NOT (name = ANY(@names))", names))
                {
                    batch.BatchCommands.Add(forget);
                }
            }

            // Ordinals are unique per graph: move them all past the highest and past the version's own first, so the version's order
            // can be written row by row while rows it does not have are still there.
            batch.BatchCommands.Add(Command(
                $"""
                UPDATE {store.Services} SET ordinal = ordinal + 1 + greatest((SELECT max(ordinal) FROM {store.Services} WHERE graph = @graph), @count)
                WHERE graph = @graph
                """,
                p => p.WithText("graph", target.Graph).WithInt("count", names.Length)));
            for (var ordinal = 0; ordinal < target.Services.Count; ordinal++)
            {
                batch.BatchCommands.Add(ServiceInsertCommand.Upsert(store, target.Graph, ordinal, target.Services[ordinal]));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets services an update removed (see <see cref="Forget"/>: one whose release was not uninstalled stays, failed)
    /// and their place in the graph's placement.
    /// </summary>
    public async Task RemoveServicesAsync(string graph, IReadOnlyList<string> services, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        if (services.Count == 0)
        {
            return;
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var forget in Forget(graph, "name = ANY(@names)", [.. services]))
            {
                batch.BatchCommands.Add(forget);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await connection.ExecuteAsync(
            $"UPDATE {store.Graphs} SET placement = placement - @names, updated_at = now(), row_version = row_version + 1 WHERE name = @graph AND placement ?| @names",
            p => p.WithText("graph", graph).WithTexts("names", services), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets the graph's services that <paramref name="which"/> names (over <c>@names</c>) and that have no release: never
    /// installed, or uninstalled. One still deployed or failed may have a release left (its uninstall failed): it stays,
    /// failed, so a stop, a remove or a later update still finds it and uninstalls it.
    /// </summary>
    private NpgsqlBatchCommand[] Forget(string graph, string which, string[] names)
    {
        var released = new[] { ServiceStatus.Deployed, ServiceStatus.Failed }.Select(EnumText<ServiceStatus>.Name).ToArray();
        return
        [
            Command($"DELETE FROM {store.Services} WHERE graph = @graph AND {which} AND NOT (status = ANY(@released))",
                p => p.WithText("graph", graph).WithTexts("names", names).WithTexts("released", released)),
            Command(
                $"""
                UPDATE {store.Services} SET status = @failed, updated_at = now(), row_version = row_version + 1
                WHERE graph = @graph AND {which} AND status = @deployed
                """,
                p => p.WithText("graph", graph).WithTexts("names", names)
                    .WithText("failed", EnumText<ServiceStatus>.Name(ServiceStatus.Failed)).WithText("deployed", EnumText<ServiceStatus>.Name(ServiceStatus.Deployed))),
        ];
    }

    /// <summary>A graph whose versions were never recorded has run its deploy's descriptor all along: that is its first version.</summary>
    private async Task RecordDeployAsync(NpgsqlConnection connection, string graph, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(
            $"""
            INSERT INTO {store.GraphVersions} (graph, number, descriptor, descriptor_version, origin, state, summary, created_at, settled_at)
            SELECT g.name, g.version_number, g.descriptor, coalesce(g.descriptor -> 'hdaGraph', g.descriptor) ->> 'version', 'deploy', 'applied',
                'Deployed.', g.created_at, g.created_at
            FROM {store.Graphs} g
            WHERE g.name = @graph AND NOT EXISTS (SELECT 1 FROM {store.GraphVersions} v WHERE v.graph = g.name)
            ON CONFLICT DO NOTHING
            """,
            p => p.WithText("graph", graph),
            cancellationToken);

    private async Task<IReadOnlyList<GraphVersionRecord>> ReadAsync(
        NpgsqlConnection connection, string graph, int? number, bool withDescriptor, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {Columns}{(withDescriptor ? ", v.descriptor" : "")}
            FROM {store.GraphVersions} v JOIN {store.Graphs} g ON g.name = v.graph
            WHERE v.graph = @graph AND (@number IS NULL OR v.number = @number)
            ORDER BY v.number DESC
            """, connection);
        command.Parameters.WithText("graph", graph).WithInt("number", number);
        var versions = new List<GraphVersionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new GraphVersionRecord(
                reader.GetString(0), reader.GetInt32(1), reader.GetNullableString(2), EnumText<VersionOrigin>.FromKebab(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), EnumText<VersionState>.FromKebab(reader.GetString(5)), reader.GetString(6),
                reader.GetNullableJsonElement(7), reader.GetNullableString(8), reader.GetTime(9), reader.GetNullableTime(10), reader.GetBoolean(11),
                withDescriptor ? reader.GetJsonElement(12) : null));
        }

        return versions;
    }

    private static NpgsqlBatchCommand Command(string sql, Action<NpgsqlParameterCollection> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        parameters(command.Parameters);
        return command;
    }
}
