using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Nfvcl;

/// <summary>SMO's OpenStack Kubernetes clusters, each backed by one NFVCL blueprint.</summary>
public sealed class OsK8sClusterStore(StoreContext store)
{
    private const string Columns =
        "smo_id, nfvcl_id, pop_area, is_master_area, master_flavor, mgmt_network, service_network, running_workers, karmada_details";

    /// <summary>
    /// Stores a cluster under a new SMO id. When a sync already stored its blueprint, that row is returned instead, so a
    /// creation racing a sync never leaves two rows for one blueprint.
    /// </summary>
    public async Task<OsK8sClusterRecord> CreateAsync(NewOsK8sCluster cluster, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        cluster.Validate(nameof(cluster));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(connection, cluster, cancellationToken);
    }

    public async Task<IReadOnlyList<OsK8sClusterRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand($"SELECT {Columns} FROM {store.OsK8sClusters} ORDER BY smo_id");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<OsK8sClusterRecord?> GetAsync(string smoId, CancellationToken cancellationToken = default)
    {
        Require.Text(smoId, "The cluster's smo_id", nameof(smoId));
        await using var command = store.DataSource.CreateCommand($"SELECT {Columns} FROM {store.OsK8sClusters} WHERE smo_id = @id");
        command.Parameters.WithText("id", smoId);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Counts one more running worker; null when no cluster has that id.</summary>
    public async Task<OsK8sClusterRecord?> AddWorkerAsync(string smoId, CancellationToken cancellationToken = default)
    {
        Require.Text(smoId, "The cluster's smo_id", nameof(smoId));
        await using var command = store.DataSource.CreateCommand(
            $"UPDATE {store.OsK8sClusters} SET running_workers = running_workers + 1, updated_at = now() WHERE smo_id = @id RETURNING {Columns}");
        command.Parameters.WithText("id", smoId);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>False when no cluster has that id.</summary>
    public async Task<bool> DeleteAsync(string smoId, CancellationToken cancellationToken = default)
    {
        Require.Text(smoId, "The cluster's smo_id", nameof(smoId));
        await using var command = store.DataSource.CreateCommand($"DELETE FROM {store.OsK8sClusters} WHERE smo_id = @id");
        command.Parameters.WithText("id", smoId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Makes the stored clusters of <paramref name="popArea"/> (of every area when null) match NFVCL's blueprints: adds
    /// new ones, refreshes known ones and deletes those NFVCL no longer has. Deletion is scoped to the area, so syncing
    /// one area never removes another's clusters (the original deleted every row). Serialised across hosts.
    /// </summary>
    /// <param name="alsoListed">Blueprints NFVCL lists that are not in <paramref name="blueprints"/> (still being created): their clusters are kept as they are.</param>
    public async Task<OsK8sSyncResult> SyncAsync(
        int? popArea, IReadOnlyList<NewOsK8sCluster> blueprints, IReadOnlyCollection<string>? alsoListed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blueprints);
        foreach (var blueprint in blueprints)
        {
            ArgumentNullException.ThrowIfNull(blueprint, nameof(blueprints));
            blueprint.Validate(nameof(blueprints));
            if (popArea is { } area && blueprint.PopArea != area)
            {
                throw new ArgumentException($"Blueprint {blueprint.NfvclId} is in area {blueprint.PopArea}, outside the synced area {area}.", nameof(blueprints));
            }
        }

        if (blueprints.GroupBy(b => b.NfvclId).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Blueprint {duplicate.Key} is listed more than once.", nameof(blueprints));
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('smo-store-os-k8s:' || @schema))",
            p => p.WithText("schema", store.Schema), cancellationToken);
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM {store.OsK8sClusters} WHERE nfvcl_id IS NOT NULL", connection);
        var stored = (await ReadAllAsync(select, cancellationToken)).ToDictionary(c => c.NfvclId!, StringComparer.Ordinal);

        var added = new List<OsK8sClusterRecord>();
        var updated = new List<OsK8sClusterRecord>();
        var unchanged = new List<OsK8sClusterRecord>();
        foreach (var blueprint in blueprints)
        {
            if (!stored.TryGetValue(blueprint.NfvclId, out var known))
            {
                added.Add(await InsertAsync(connection, blueprint, cancellationToken));
            }
            else if (Differs(known, blueprint))
            {
                updated.Add(await UpdateAsync(connection, known.SmoId, blueprint, cancellationToken));
            }
            else
            {
                unchanged.Add(known);
            }
        }

        var deleted = await DeleteMissingAsync(connection, popArea, blueprints.Select(b => b.NfvclId).Concat(alsoListed ?? []), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OsK8sSyncResult(added, updated, deleted, unchanged);
    }

    private async Task<OsK8sClusterRecord> InsertAsync(NpgsqlConnection connection, NewOsK8sCluster cluster, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < OsK8sClusterIds.Attempts; attempt++)
        {
            await using var command = new NpgsqlCommand(
                $"""
                INSERT INTO {store.OsK8sClusters} (smo_id, nfvcl_id, pop_area, is_master_area, master_flavor, mgmt_network, service_network,
                    running_workers, karmada_details, created_at, updated_at)
                VALUES (@id, @nfvcl, @area, @master, @flavors, @mgmt, @service, @workers, @karmada, now(), now())
                ON CONFLICT DO NOTHING
                RETURNING {Columns}
                """, connection);
            Bind(command.Parameters, cluster).WithText("id", OsK8sClusterIds.New(cluster.PopArea)).WithBool("master", cluster.IsMasterArea)
                .WithJson("karmada", cluster.KarmadaDetails);
            if ((await ReadAllAsync(command, cancellationToken)).SingleOrDefault() is { } inserted)
            {
                return inserted;
            }

            // Nothing inserted: either the blueprint is stored already, or the generated id was taken.
            await using var existing = new NpgsqlCommand($"SELECT {Columns} FROM {store.OsK8sClusters} WHERE nfvcl_id = @nfvcl", connection);
            existing.Parameters.WithText("nfvcl", cluster.NfvclId);
            if ((await ReadAllAsync(existing, cancellationToken)).SingleOrDefault() is { } known)
            {
                return known;
            }
        }

        throw new InvalidOperationException($"No free smo_id was found for blueprint {cluster.NfvclId} in {OsK8sClusterIds.Attempts} attempts.");
    }

    private async Task<OsK8sClusterRecord> UpdateAsync(NpgsqlConnection connection, string smoId, NewOsK8sCluster blueprint, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {store.OsK8sClusters} SET pop_area = @area, master_flavor = @flavors, mgmt_network = @mgmt, service_network = @service,
                running_workers = @workers, updated_at = now()
            WHERE smo_id = @id
            RETURNING {Columns}
            """, connection);
        Bind(command.Parameters, blueprint).WithText("id", smoId);
        return (await ReadAllAsync(command, cancellationToken)).Single();
    }

    private async Task<IReadOnlyList<OsK8sClusterRecord>> DeleteMissingAsync(
        NpgsqlConnection connection, int? popArea, IEnumerable<string> present, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            DELETE FROM {store.OsK8sClusters}
            WHERE nfvcl_id IS NOT NULL AND NOT (nfvcl_id = ANY(@present)) AND (@area::int IS NULL OR pop_area = @area)
            RETURNING {Columns}
            """, connection);
        command.Parameters.WithTexts("present", present).WithInt("area", popArea);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static NpgsqlParameterCollection Bind(NpgsqlParameterCollection parameters, NewOsK8sCluster cluster) => parameters
        .WithText("nfvcl", cluster.NfvclId)
        .WithInt("area", cluster.PopArea)
        .WithJson("flavors", cluster.MasterFlavors)
        .WithText("mgmt", cluster.ManagementNetwork)
        .WithText("service", cluster.ServiceNetwork)
        .WithInt("workers", cluster.RunningWorkers);

    private static bool Differs(OsK8sClusterRecord known, NewOsK8sCluster blueprint) =>
        known.PopArea != blueprint.PopArea
        || !known.MasterFlavors.SequenceEqual(blueprint.MasterFlavors)
        || known.ManagementNetwork != blueprint.ManagementNetwork
        || known.ServiceNetwork != blueprint.ServiceNetwork
        || known.RunningWorkers != blueprint.RunningWorkers;

    private static async Task<IReadOnlyList<OsK8sClusterRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var clusters = new List<OsK8sClusterRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            clusters.Add(new OsK8sClusterRecord(reader.GetString(0), reader.GetNullableString(1), reader.GetInt32(2), reader.GetBoolean(3),
                reader.GetJson<List<string>>(4), reader.GetNullableString(5), reader.GetNullableString(6), reader.GetInt32(7),
                reader.GetNullableJsonElement(8)));
        }

        return clusters;
    }
}
