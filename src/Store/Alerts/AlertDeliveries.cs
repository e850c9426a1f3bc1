using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Alerts;

/// <summary>Recognises repeated Alertmanager notifications, so a conditional service is deployed once per firing.</summary>
public sealed class AlertDeliveries(StoreContext store)
{
    /// <summary>
    /// True the first time this alert occurrence is recorded, false for every repeat (also when two hosts receive it at
    /// once). Throws <see cref="KeyNotFoundException"/> when the graph does not exist.
    /// </summary>
    public async Task<bool> TryRecordAsync(AlertDeliveryKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        key.Validate(nameof(key));

        await using var command = store.DataSource.CreateCommand(
            $"""
            INSERT INTO {store.AlertDeliveries} (graph, service, fingerprint, starts_at)
            VALUES (@graph, @service, @fingerprint, @starts_at)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters
            .WithText("graph", key.Graph)
            .WithText("service", key.Service)
            .WithText("fingerprint", key.Fingerprint)
            .WithTime("starts_at", key.StartsAt);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"Graph '{key.Graph}' does not exist; the alert for service '{key.Service}' was not recorded.", e);
        }
    }

    /// <summary>
    /// True when no policy of <paramref name="graph"/> moved <paramref name="service"/> within <paramref name="cooldown"/>,
    /// and the move is recorded now; false otherwise. Atomic across hosts: of two at once, one wins. The database's clock
    /// decides, not the alert's <c>startsAt</c>, which the sender chooses.
    /// </summary>
    public async Task<bool> TryStartPolicyCooldownAsync(string graph, string service, TimeSpan cooldown, CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand(
            $"""
            INSERT INTO {store.PolicyFirings} AS f (graph, service, fired_at) VALUES (@graph, @service, now())
            ON CONFLICT (graph, service) DO UPDATE SET fired_at = now() WHERE f.fired_at <= now() - @cooldown
            """);
        command.Parameters.WithText("graph", graph).WithText("service", service);
        command.Parameters.AddWithValue("cooldown", cooldown);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"Graph '{graph}' does not exist; the policy firing for service '{service}' was not recorded.", e);
        }
    }

    /// <summary>
    /// Forgets deliveries received before <paramref name="before"/>; returns how many. An alert still firing that long
    /// is then one occurrence more (its conditional service is installed again, idempotently; a policy's cooldown
    /// still holds).
    /// </summary>
    public Task<long> PurgeAsync(DateTimeOffset before, int batchSize = 10_000, CancellationToken cancellationToken = default) =>
        LogTrimming.InBatchesAsync(store.DataSource,
            $"""
            DELETE FROM {store.AlertDeliveries} WHERE (graph, service, fingerprint, starts_at) IN (
                SELECT graph, service, fingerprint, starts_at FROM {store.AlertDeliveries} WHERE received_at < @before LIMIT @batch)
            """,
            parameters => parameters.AddWithValue("before", before), batchSize, cancellationToken);
}
