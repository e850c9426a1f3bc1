using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Graphs;

/// <summary>
/// Graphs and their services. A graph is created with all its services or not at all; writes to the graph's own row
/// either check the status it must be in or the row version the caller read (<see cref="ConcurrencyConflictException"/>).
/// </summary>
public sealed class GraphStore(StoreContext store)
{
    /// <summary>Stores the graph and its services in one transaction; false, with nothing stored, when the name is taken.</summary>
    public async Task<bool> TryCreateAsync(NewGraph graph, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.Validate(nameof(graph));

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            $"""
            INSERT INTO {store.Graphs} (name, project, status, descriptor, placement, placement_strategy, scaling_strategy, weights,
                scaling_interval_seconds, orchestration_instance_id, grafana_url, failure_reason, created_at, updated_at, row_version)
            VALUES (@name, @project, @status, @descriptor, @placement, @placement_strategy, @scaling_strategy, @weights,
                @interval, @instance, @grafana_url, NULL, now(), now(), 1)
            ON CONFLICT (name) DO NOTHING
            """,
            p => p.WithText("name", graph.Name)
                .WithText("project", graph.Project)
                .WithText("status", EnumText<GraphStatus>.Name(graph.Status))
                .WithJson("descriptor", graph.Descriptor)
                .WithJson("placement", graph.Placement)
                .WithText("placement_strategy", graph.Strategies.PlacementStrategy)
                .WithText("scaling_strategy", graph.Strategies.ScalingStrategy)
                .WithJson("weights", graph.Strategies.Weights)
                .WithDouble("interval", graph.Strategies.ScalingInterval.TotalSeconds)
                .WithText("instance", graph.OrchestrationInstanceId)
                .WithText("grafana_url", graph.GrafanaUrl),
            cancellationToken);
        if (inserted == 0)
        {
            return false;
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            for (var ordinal = 0; ordinal < graph.Services.Count; ordinal++)
            {
                batch.BatchCommands.Add(ServiceInsertCommand.Create(store, graph, ordinal));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<GraphRecord?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Require.Label(name, "The graph name", nameof(name));
        var graphs = await GraphSnapshotReader.ReadAsync(store, "name = @name", p => p.WithText("name", name), null, cancellationToken);
        return graphs.Count == 0 ? null : graphs[0];
    }

    public async Task<IReadOnlyList<GraphRecord>> ListByProjectAsync(string project, CancellationToken cancellationToken = default)
    {
        Require.Label(project, "The project", nameof(project));
        return await GraphSnapshotReader.ReadAsync(store, "project = @project", p => p.WithText("project", project), null, cancellationToken);
    }

    /// <summary>Every graph, e.g. for a host that resumes the graphs' orchestrations.</summary>
    public Task<IReadOnlyList<GraphRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        GraphSnapshotReader.ReadAsync(store, "true", _ => { }, null, cancellationToken);

    /// <summary>
    /// One page of graphs in name order: the first <paramref name="limit"/> named after <paramref name="after"/> (from
    /// the first when null) — keyset paging on the primary key, so a page reads its own rows only, however many
    /// graphs there are. With <paramref name="projects"/>, only those projects' graphs (a filter, not names checked:
    /// a project no graph can have matches nothing).
    /// </summary>
    public Task<IReadOnlyList<GraphRecord>> ListPageAsync(
        string? after, int limit, IReadOnlyCollection<string>? projects = null, CancellationToken cancellationToken = default)
    {
        Require.Limit(limit, nameof(limit));
        if (after is not null)
        {
            Require.Label(after, "The graph a page starts after", nameof(after));
        }

        // Names are COLLATE "C", so '' sorts before every name and the order is the ordinal one clients see.
        return GraphSnapshotReader.ReadAsync(
            store,
            "name > @after AND (@projects::text[] IS NULL OR project = ANY(@projects))",
            p => p.WithText("after", after ?? "").With("projects", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, projects?.ToArray()),
            limit,
            cancellationToken);
    }

    /// <summary>One page of the project's graphs, as <see cref="ListPageAsync"/> reads them.</summary>
    public Task<IReadOnlyList<GraphRecord>> ListPageByProjectAsync(string project, string? after, int limit, CancellationToken cancellationToken = default)
    {
        Require.Label(project, "The project", nameof(project));
        return ListPageAsync(after, limit, [project], cancellationToken);
    }

    /// <summary>Every graph's name, status and last change, in one lean query (no descriptors, no services).</summary>
    public async Task<IReadOnlyList<GraphState>> ListStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand($"SELECT name, status, updated_at FROM {store.Graphs} ORDER BY name");
        var states = new List<GraphState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(new GraphState(reader.GetString(0), EnumText<GraphStatus>.FromName(reader.GetString(1)), reader.GetTime(2)));
        }

        return states;
    }

    /// <summary>
    /// The services installed on a cluster in every running graph, in one lean query (no descriptors, no Helm values,
    /// no sort): what the load watch looks at several times a second, in no particular order.
    /// </summary>
    public async Task<IReadOnlyList<WatchedService>> ListWatchedServicesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand(
            $"""
            SELECT s.graph, g.project, s.name, s.desired_replicas, s.scaling, g.scaling_strategy
            FROM {store.Services} s JOIN {store.Graphs} g ON g.name = s.graph
            WHERE g.status = ANY(@running) AND s.status = @deployed AND s.cluster IS NOT NULL
            """);
        command.Parameters.WithTexts("running", GraphStatuses.Running.Select(EnumText<GraphStatus>.Name))
            .WithText("deployed", EnumText<ServiceStatus>.Name(ServiceStatus.Deployed));
        var services = new List<WatchedService>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            services.Add(new WatchedService(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetNullableJson<ScalingParameters>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return services;
    }

    /// <summary>
    /// Moves the graph to <paramref name="next"/> only if it is in one of <paramref name="expected"/>; a failure reason
    /// goes with <see cref="GraphStatus.Failed"/> and only with it, and any other status clears it. Every status set
    /// here clears the degraded services: <see cref="GraphStatus.Degraded"/> is set with them, by <see cref="SetDegradedAsync"/>.
    /// </summary>
    public async Task<GraphStatusUpdate> UpdateStatusAsync(
        string name, IReadOnlyCollection<GraphStatus> expected, GraphStatus next, string? failureReason = null, CancellationToken cancellationToken = default)
    {
        Require.Label(name, "The graph name", nameof(name));
        if (expected is null || expected.Count == 0)
        {
            throw new ArgumentException("At least one expected status is required.", nameof(expected));
        }

        foreach (var status in expected)
        {
            Require.Defined(status, "An expected status", nameof(expected));
        }

        Require.Defined(next, "The new status", nameof(next));
        if (next == GraphStatus.Degraded)
        {
            throw new ArgumentException($"Graph '{name}': {GraphStatus.Degraded} is set with its services, by {nameof(SetDegradedAsync)}.", nameof(next));
        }

        if (next == GraphStatus.Failed)
        {
            Require.Text(failureReason, $"Graph '{name}': the failure reason", nameof(failureReason));
        }
        else if (failureReason is not null)
        {
            throw new ArgumentException($"Graph '{name}': a failure reason only goes with {GraphStatus.Failed}, not {next}.", nameof(failureReason));
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            $"""
            UPDATE {store.Graphs} SET status = @next, failure_reason = @reason, degraded = NULL, updated_at = now(), row_version = row_version + 1
            WHERE name = @name AND status = ANY(@expected)
            RETURNING row_version
            """, connection);
        update.Parameters.WithText("name", name)
            .WithText("next", EnumText<GraphStatus>.Name(next))
            .WithText("reason", failureReason)
            .WithTexts("expected", expected.Select(EnumText<GraphStatus>.Name));
        if (await update.ExecuteScalarAsync(cancellationToken) is long version)
        {
            return new GraphStatusUpdate(true, next, version);
        }

        await using var read = new NpgsqlCommand($"SELECT status, row_version FROM {store.Graphs} WHERE name = @name", connection);
        read.Parameters.WithText("name", name);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GraphStatusUpdate(false, EnumText<GraphStatus>.FromName(reader.GetString(0)), reader.GetInt64(1))
            : new GraphStatusUpdate(false, null, null);
    }

    /// <summary>
    /// A running graph's services that a failed cluster holds: <see cref="GraphStatus.Degraded"/> with them, or
    /// <see cref="GraphStatus.Running"/> again when there are none. Only from Running or Degraded — a stop or removal
    /// under way is never undone — and only when something changes; a failed update's reason stays. True when written.
    /// </summary>
    public async Task<bool> SetDegradedAsync(string name, IReadOnlyList<DegradedService> degraded, CancellationToken cancellationToken = default)
    {
        Require.Label(name, "The graph name", nameof(name));
        ArgumentNullException.ThrowIfNull(degraded);
        foreach (var service in degraded)
        {
            Require.Label(service.Service, "A degraded service", nameof(degraded));
            Require.Subdomain(service.Cluster, $"The cluster of degraded service '{service.Service}'", nameof(degraded));
            Require.Text(service.Reason, $"Why service '{service.Service}' is degraded", nameof(degraded));
        }

        var next = degraded.Count == 0 ? GraphStatus.Running : GraphStatus.Degraded;
        await using var command = store.DataSource.CreateCommand(
            $"""
            UPDATE {store.Graphs} SET status = @next, degraded = @degraded, updated_at = now(), row_version = row_version + 1
            WHERE name = @name AND status = ANY(@running) AND (status <> @next OR degraded IS DISTINCT FROM @degraded)
            """);
        command.Parameters.WithText("name", name)
            .WithText("next", EnumText<GraphStatus>.Name(next))
            .WithJson("degraded", degraded.Count == 0 ? null : degraded)
            .WithTexts("running", GraphStatuses.Running.Select(EnumText<GraphStatus>.Name));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Replaces the placement and moves each service's cluster with it, in one transaction, if the graph is still at
    /// <paramref name="expectedVersion"/>. Services the placement does not name get no cluster; those
    /// <paramref name="divisions"/> names are divided so (their cluster is their home), the others are not. A service
    /// that leaves one cluster for another is stamped as moved (<see cref="ServiceRecord.MovedAt"/>). Returns the new version.
    /// </summary>
    public async Task<long> SetPlacementAsync(
        string name, IReadOnlyDictionary<string, string> placement, long expectedVersion,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>? divisions = null, CancellationToken cancellationToken = default)
    {
        DivisionRules.Validate(name, divisions ?? new Dictionary<string, IReadOnlyDictionary<string, int>>(), nameof(divisions));
        Require.Label(name, "The graph name", nameof(name));
        PlacementRules.Validate(name, placement, null, nameof(placement));

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var version = await UpdateVersionedAsync(connection, name, expectedVersion, "placement = @placement", p => p.WithJson("placement", placement), cancellationToken);
        var services = await ServiceNamesAsync(connection, name, cancellationToken);
        PlacementRules.Validate(name, placement, services, nameof(placement));
        await connection.ExecuteAsync(
            $"""
            UPDATE {store.Services} SET cluster = @placement ->> name, division = @divisions -> name, rollout_at = now(), updated_at = now(), row_version = row_version + 1,
                moved_at = CASE WHEN cluster IS NOT NULL AND cluster IS DISTINCT FROM (@placement ->> name) THEN now() ELSE moved_at END
            WHERE graph = @name AND (cluster IS DISTINCT FROM (@placement ->> name) OR division IS DISTINCT FROM (@divisions -> name))
            """,
            p => p.WithText("name", name).WithJson("placement", placement).WithJson("divisions", divisions ?? new Dictionary<string, IReadOnlyDictionary<string, int>>()),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>
    /// Records a scaling decision's replicas per cluster for divided services, in one statement; a service already at
    /// its shares is not written. Not version-guarded: the same decision has just written these services' replicas
    /// (<see cref="SetDesiredReplicasAsync"/>, which is).
    /// </summary>
    public async Task SetDivisionsAsync(
        string graph, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> divisions, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        DivisionRules.Validate(graph, divisions, nameof(divisions));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"""
            UPDATE {store.Services} AS s SET division = d.value, rollout_at = now(), updated_at = now(), row_version = s.row_version + 1
            FROM jsonb_each(@divisions) AS d
            WHERE s.graph = @graph AND s.name = d.key AND jsonb_typeof(d.value) = 'object' AND s.division IS DISTINCT FROM d.value
            """,
            p => p.WithText("graph", graph).WithJson("divisions", divisions),
            cancellationToken);
    }

    /// <summary>Changes the graph's strategies (e.g. <c>execute_strategy</c>) if it is still at <paramref name="expectedVersion"/>; returns the new version.</summary>
    public async Task<long> SetStrategiesAsync(string name, GraphStrategies strategies, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Require.Label(name, "The graph name", nameof(name));
        ArgumentNullException.ThrowIfNull(strategies);
        strategies.Validate(nameof(strategies));

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return await UpdateVersionedAsync(
            connection,
            name,
            expectedVersion,
            "placement_strategy = @placement_strategy, scaling_strategy = @scaling_strategy, weights = @weights, scaling_interval_seconds = @interval",
            p => p.WithText("placement_strategy", strategies.PlacementStrategy)
                .WithText("scaling_strategy", strategies.ScalingStrategy)
                .WithJson("weights", strategies.Weights)
                .WithDouble("interval", strategies.ScalingInterval.TotalSeconds),
            cancellationToken);
    }

    /// <summary>Records the graph's dashboard once it is published; false when there is no such graph.</summary>
    public async Task<bool> SetGrafanaUrlAsync(string name, string? grafanaUrl, CancellationToken cancellationToken = default)
    {
        Require.Label(name, "The graph name", nameof(name));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            $"UPDATE {store.Graphs} SET grafana_url = @url, updated_at = now(), row_version = row_version + 1 WHERE name = @name",
            p => p.WithText("name", name).WithText("url", grafanaUrl),
            cancellationToken) == 1;
    }

    /// <summary>
    /// Applies the non-null fields of <paramref name="update"/> to one service; false when there is no such service or
    /// it is no longer at <see cref="ServiceUpdate.ExpectedVersion"/>.
    /// </summary>
    public async Task<bool> UpdateServiceAsync(string graph, string service, ServiceUpdate update, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        Require.Label(service, $"Graph '{graph}': the service name", nameof(service));
        ArgumentNullException.ThrowIfNull(update);
        update.Validate(graph, service, nameof(update));

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            $"""
            UPDATE {store.Services} SET
                status = coalesce(@status, status),
                helm_values = coalesce(@helm_values, helm_values),
                alert_rules = coalesce(@alert_rules, alert_rules),
                scaling = coalesce(@scaling, scaling),
                desired_replicas = coalesce(@replicas, desired_replicas),
                grafana_url = coalesce(@grafana_url, grafana_url),
                -- The revision belongs to the install, upgrade or uninstall that changed the status.
                helm_revision = CASE WHEN @status IS NOT NULL THEN @helm_revision ELSE helm_revision END,
                -- An install, an upgrade or a new count starts pods.
                rollout_at = CASE WHEN @status IS NOT NULL OR @helm_values IS NOT NULL OR @replicas <> desired_replicas THEN now() ELSE rollout_at END,
                updated_at = now(),
                row_version = row_version + 1
            WHERE graph = @graph AND name = @service AND (@expected::bigint IS NULL OR row_version = @expected)
            """,
            p => p.WithText("graph", graph)
                .WithText("service", service)
                .WithText("status", update.Status is { } status ? EnumText<ServiceStatus>.Name(status) : null)
                .WithJson("helm_values", update.HelmValues)
                .WithJson("alert_rules", update.AlertRules)
                .WithJson("scaling", update.Scaling)
                .WithInt("replicas", update.DesiredReplicas)
                .WithText("grafana_url", update.GrafanaUrl)
                .WithInt("helm_revision", update.HelmRevision)
                .WithLong("expected", update.ExpectedVersion),
            cancellationToken) == 1;
    }

    /// <summary>
    /// Records a scaling decision's replicas for several services at once; a service already at its count is not
    /// written (a tick that changes nothing writes nothing). With <paramref name="expectedVersions"/> — the versions
    /// the decision read — a service changed since is left as it is: a decision that lost its lease and finishes
    /// late cannot overwrite a newer one. Returns false when a service was left so. A service the graph does not
    /// have fails the whole call (<see cref="KeyNotFoundException"/>) and nothing is recorded.
    /// </summary>
    public async Task<bool> SetDesiredReplicasAsync(
        string graph, IReadOnlyDictionary<string, int> replicas, IReadOnlyDictionary<string, long>? expectedVersions = null,
        CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        if (replicas is null || replicas.Count == 0)
        {
            throw new ArgumentException($"Graph '{graph}': no replicas given; name at least one service.", nameof(replicas));
        }

        foreach (var (service, count) in replicas)
        {
            Require.Label(service, $"Graph '{graph}': the service name", nameof(replicas));
            ServiceRules.Replicas(count, $"Service '{service}' of graph '{graph}'", nameof(replicas));
        }

        var names = replicas.Keys.ToArray();
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The update runs whether or not the query reads it; the counts see the rows as they were before it (one
        // snapshot for the whole statement): how many of the services exist, and how many changed since they were read.
        await using var command = new NpgsqlCommand(
            $"""
            WITH r AS (SELECT * FROM unnest(@services, @replicas, @versions) AS r(name, replicas, version)),
            updated AS (
                UPDATE {store.Services} AS s SET desired_replicas = r.replicas, rollout_at = now(), updated_at = now(), row_version = s.row_version + 1
                FROM r
                WHERE s.graph = @graph AND s.name = r.name AND s.desired_replicas <> r.replicas
                  AND (r.version IS NULL OR s.row_version = r.version))
            SELECT count(*), count(*) FILTER (WHERE r.version IS NOT NULL AND s.row_version <> r.version)
            FROM {store.Services} s JOIN r ON s.name = r.name
            WHERE s.graph = @graph
            """, connection, transaction);
        command.Parameters.WithText("graph", graph)
            .WithTexts("services", names)
            .With("replicas", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer, names.Select(n => replicas[n]).ToArray())
            .With("versions", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint,
                names.Select(n => expectedVersions is not null && expectedVersions.TryGetValue(n, out var v) ? v : (long?)null).ToArray());
        long known, newer;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (known, newer) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (known != replicas.Count)
        {
            var existing = await ServiceNamesAsync(connection, graph, cancellationToken);
            var missing = string.Join(", ", replicas.Keys.Where(service => !existing.Contains(service)).Order(StringComparer.Ordinal));
            throw new KeyNotFoundException($"Graph '{graph}' has no service {missing}; no replicas were recorded.");
        }

        await transaction.CommitAsync(cancellationToken);
        return newer == 0;
    }

    /// <summary>Purges the graph with its services, decisions, events and alert deliveries; false when there is no such graph.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        Require.Label(name, "The graph name", nameof(name));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync($"DELETE FROM {store.Graphs} WHERE name = @name", p => p.WithText("name", name), cancellationToken) == 1;
    }

    private async Task<long> UpdateVersionedAsync(
        NpgsqlConnection connection, string name, long expectedVersion, string assignments, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            $"""
            UPDATE {store.Graphs} SET {assignments}, updated_at = now(), row_version = row_version + 1
            WHERE name = @name AND row_version = @expected
            RETURNING row_version
            """, connection);
        update.Parameters.WithText("name", name).WithLong("expected", expectedVersion);
        parameters(update.Parameters);
        if (await update.ExecuteScalarAsync(cancellationToken) is long version)
        {
            return version;
        }

        await using var read = new NpgsqlCommand($"SELECT row_version FROM {store.Graphs} WHERE name = @name", connection);
        read.Parameters.WithText("name", name);
        throw await read.ExecuteScalarAsync(cancellationToken) is long current
            ? new ConcurrencyConflictException(name, expectedVersion, current)
            : new KeyNotFoundException($"Graph '{name}' does not exist.");
    }

    private async Task<IReadOnlySet<string>> ServiceNamesAsync(NpgsqlConnection connection, string graph, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT name FROM {store.Services} WHERE graph = @graph", connection);
        command.Parameters.WithText("graph", graph);
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
