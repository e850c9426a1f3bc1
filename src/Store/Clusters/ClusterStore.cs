using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Clusters;

/// <summary>The federation's clusters: kept in step with Karmada by inventory syncs, plus the energy profiles operators set.</summary>
public sealed class ClusterStore(StoreContext store)
{
    private const string Columns =
        "name, cpu_allocatable, cpu_available, memory_allocatable_gib, memory_available_gib, gpu, ready, region, zone, labels, " +
        "energy_profile, grafana_url, pod_cidr, service_cidr, first_seen_at, last_synced_at, removed_at";

    /// <summary>
    /// Makes the stored clusters match Karmada's list: inserts new ones, refreshes known ones (keeping energy profiles,
    /// dashboards and CIDRs the sync does not carry), and marks the missing ones removed. One transaction, serialised
    /// across hosts, so two syncs at once never report the same change twice.
    /// </summary>
    public async Task<InventorySyncResult> UpsertFromInventoryAsync(IReadOnlyList<ClusterInventoryItem> inventory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        foreach (var item in inventory)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(inventory));
            item.Validate(nameof(inventory));
        }

        if (inventory.GroupBy(item => item.Name).FirstOrDefault(group => group.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"The inventory lists cluster '{duplicate.Key}' more than once.", nameof(inventory));
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('smo-store-inventory:' || @schema))",
            p => p.WithText("schema", store.Schema), cancellationToken);
        var stored = await ReadAllAsync(connection, includeRemoved: true, cancellationToken);

        var added = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        foreach (var item in inventory)
        {
            var bucket = stored.GetValueOrDefault(item.Name) switch
            {
                null or { RemovedAt: not null } => added,
                { } known when Differs(known, item) => updated,
                _ => unchanged,
            };
            bucket.Add(item.Name);
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var item in inventory)
            {
                batch.BatchCommands.Add(UpsertCommand(item));
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var removed = await MarkMissingRemovedAsync(connection, inventory.Select(item => item.Name), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new InventorySyncResult(added, updated, removed, unchanged);
    }

    /// <summary>Clusters by name; members only unless <paramref name="includeRemoved"/>.</summary>
    public async Task<IReadOnlyList<ClusterRecord>> ListAsync(bool includeRemoved = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await ReadAllAsync(connection, includeRemoved, cancellationToken)).Values];
    }

    public async Task<ClusterRecord?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Require.Subdomain(name, "The cluster name", nameof(name));
        await using var command = store.DataSource.CreateCommand($"SELECT {Columns} FROM {store.Clusters} WHERE name = @name");
        command.Parameters.WithText("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ClusterRows.Read(reader) : null;
    }

    /// <summary>Sets (or, with null, clears) a cluster's energy profile; false when no such cluster was ever seen.</summary>
    public async Task<bool> SetEnergyProfileAsync(string name, ClusterEnergyProfile? profile, CancellationToken cancellationToken = default)
    {
        Require.Subdomain(name, "The cluster name", nameof(name));
        profile?.Validate(nameof(profile));
        await using var command = store.DataSource.CreateCommand($"UPDATE {store.Clusters} SET energy_profile = @profile WHERE name = @name");
        command.Parameters.WithText("name", name).WithJson("profile", profile);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Adds pulled carbon readings to the series of the clusters that have an energy profile (see
    /// <see cref="ClusterEnergyProfile.WithReadings"/>), each profile read and written under its row lock so a PUT
    /// or another host's pull in between is never lost. Returns the clusters whose profile took them; a cluster
    /// without a profile (no power figures to weigh carbon with) or unknown is left out.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddCarbonReadingsAsync(
        IReadOnlyDictionary<string, CarbonReadings> readings, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var taken = new List<string>();
        foreach (var (name, reading) in readings.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Require.Subdomain(name, "The cluster name", nameof(readings));
            ClusterEnergyProfile? profile;
            await using (var read = new NpgsqlCommand($"SELECT energy_profile FROM {store.Clusters} WHERE name = @name AND removed_at IS NULL FOR UPDATE", connection))
            {
                read.Parameters.WithText("name", name);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                profile = await reader.ReadAsync(cancellationToken) ? reader.GetNullableJson<ClusterEnergyProfile>(0) : null;
            }

            if (profile is null)
            {
                continue;
            }

            var updated = profile.WithReadings(reading.Measured, reading.Forecast, now);
            updated.Validate(nameof(readings));
            await connection.ExecuteAsync($"UPDATE {store.Clusters} SET energy_profile = @profile WHERE name = @name",
                p => p.WithText("name", name).WithJson("profile", updated), cancellationToken);
            taken.Add(name);
        }

        await transaction.CommitAsync(cancellationToken);
        return taken;
    }

    /// <summary>
    /// Records the cluster's dashboard once it is published; false when no such cluster was ever seen. Syncs keep it
    /// (they carry none), so it is published once, on first sight.
    /// </summary>
    public async Task<bool> SetGrafanaUrlAsync(string name, string grafanaUrl, CancellationToken cancellationToken = default)
    {
        Require.Subdomain(name, "The cluster name", nameof(name));
        Require.Text(grafanaUrl, $"Cluster '{name}': the dashboard URL", nameof(grafanaUrl));
        await using var command = store.DataSource.CreateCommand($"UPDATE {store.Clusters} SET grafana_url = @url WHERE name = @name");
        command.Parameters.WithText("name", name).WithText("url", grafanaUrl);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<SortedDictionary<string, ClusterRecord>> ReadAllAsync(NpgsqlConnection connection, bool includeRemoved, CancellationToken cancellationToken)
    {
        var filter = includeRemoved ? "" : "WHERE removed_at IS NULL";
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {store.Clusters} {filter} ORDER BY name", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var clusters = new SortedDictionary<string, ClusterRecord>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var cluster = ClusterRows.Read(reader);
            clusters.Add(cluster.Name, cluster);
        }

        return clusters;
    }

    private NpgsqlBatchCommand UpsertCommand(ClusterInventoryItem item)
    {
        var command = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {store.Clusters} AS c (name, cpu_allocatable, cpu_available, memory_allocatable_gib, memory_available_gib, gpu, ready,
                region, zone, labels, grafana_url, pod_cidr, service_cidr, first_seen_at, last_synced_at, removed_at)
            VALUES (@name, @cpu_allocatable, @cpu_available, @memory_allocatable, @memory_available, @gpu, @ready,
                @region, @zone, @labels, @grafana_url, @pod_cidr, @service_cidr, now(), now(), NULL)
            ON CONFLICT (name) DO UPDATE SET
                cpu_allocatable = excluded.cpu_allocatable, cpu_available = excluded.cpu_available,
                memory_allocatable_gib = excluded.memory_allocatable_gib, memory_available_gib = excluded.memory_available_gib,
                gpu = excluded.gpu, ready = excluded.ready, region = excluded.region, zone = excluded.zone, labels = excluded.labels,
                grafana_url = coalesce(excluded.grafana_url, c.grafana_url),
                pod_cidr = coalesce(excluded.pod_cidr, c.pod_cidr),
                service_cidr = coalesce(excluded.service_cidr, c.service_cidr),
                last_synced_at = now(), removed_at = NULL
            """);
        command.Parameters
            .WithText("name", item.Name)
            .WithDouble("cpu_allocatable", item.CpuAllocatable)
            .WithDouble("cpu_available", item.CpuAvailable)
            .WithDouble("memory_allocatable", item.MemoryAllocatableGiB)
            .WithDouble("memory_available", item.MemoryAvailableGiB)
            .WithBool("gpu", item.Gpu)
            .WithBool("ready", item.Ready)
            .WithText("region", item.Region)
            .WithText("zone", item.Zone)
            .WithJson("labels", item.Labels)
            .WithText("grafana_url", item.GrafanaUrl)
            .WithText("pod_cidr", item.PodCidr)
            .WithText("service_cidr", item.ServiceCidr);
        return command;
    }

    private async Task<IReadOnlyList<string>> MarkMissingRemovedAsync(NpgsqlConnection connection, IEnumerable<string> present, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE {store.Clusters} SET removed_at = now() WHERE removed_at IS NULL AND NOT (name = ANY(@present)) RETURNING name", connection);
        command.Parameters.WithTexts("present", present);
        var removed = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            removed.Add(reader.GetString(0));
        }

        removed.Sort(StringComparer.Ordinal);
        return removed;
    }

    private static bool Differs(ClusterRecord known, ClusterInventoryItem item) =>
        known.CpuAllocatable != item.CpuAllocatable
        || known.CpuAvailable != item.CpuAvailable
        || known.MemoryAllocatableGiB != item.MemoryAllocatableGiB
        || known.MemoryAvailableGiB != item.MemoryAvailableGiB
        || known.Gpu != item.Gpu
        || known.Ready != item.Ready
        || known.Region != item.Region
        || known.Zone != item.Zone
        || !SameLabels(known.Labels, item.Labels)
        || (item.GrafanaUrl is not null && item.GrafanaUrl != known.GrafanaUrl)
        || (item.PodCidr is not null && item.PodCidr != known.PodCidr)
        || (item.ServiceCidr is not null && item.ServiceCidr != known.ServiceCidr);

    private static bool SameLabels(IReadOnlyDictionary<string, string> known, IReadOnlyDictionary<string, string> reported) =>
        known.Count == reported.Count && reported.All(label => known.TryGetValue(label.Key, out var value) && value == label.Value);
}
