using Npgsql;

namespace Smo.Functions.Timers;

/// <summary>
/// The timer lock on PostgreSQL: one row per function holding the last served occurrence and the lease of the run
/// in progress. A single conditional UPDATE claims an occurrence, so exactly one host wins it.
/// </summary>
public sealed class PostgresTimerOccurrenceLock(string connectionString, string schema, TimeProvider time) : ITimerOccurrenceLock, IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('smo-timers:{schema}'));
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.timer_schedules (
                function_name text PRIMARY KEY,
                last_occurrence timestamptz,
                lease_owner text,
                lease_expires_at timestamptz,
                last_started_at timestamptz,
                last_completed_at timestamptz);
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<TimerClaimResult> TryClaimAsync(string function, DateTime occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using (var ensure = dataSource.CreateCommand(
            $"INSERT INTO {schema}.timer_schedules (function_name) VALUES (@function) ON CONFLICT (function_name) DO NOTHING"))
        {
            ensure.Parameters.AddWithValue("function", function);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        // "previous" reads the row as it was before this statement; "claimed" wins only if nobody served the
        // occurrence yet and no earlier run still holds the lease.
        await using var command = dataSource.CreateCommand($"""
            WITH previous AS (
                SELECT last_occurrence FROM {schema}.timer_schedules WHERE function_name = @function),
            claimed AS (
                UPDATE {schema}.timer_schedules
                SET last_occurrence = @occurrence, lease_owner = @owner, lease_expires_at = @until, last_started_at = @now
                WHERE function_name = @function
                  AND (last_occurrence IS NULL OR last_occurrence < @occurrence)
                  AND (lease_owner IS NULL OR lease_expires_at < @now)
                RETURNING 1)
            SELECT (SELECT count(*) FROM claimed), (SELECT last_occurrence FROM previous)
            """);
        command.Parameters.AddWithValue("function", function);
        command.Parameters.AddWithValue("occurrence", DateTime.SpecifyKind(occurrence, DateTimeKind.Utc));
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("until", now + lease);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var previous = reader.IsDBNull(1) ? (DateTime?)null : DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
        if (reader.GetInt64(0) == 1)
        {
            return new TimerClaimResult(TimerClaimOutcome.Claimed, new TimerClaim(function, occurrence, owner, previous));
        }

        return previous >= occurrence ? new TimerClaimResult(TimerClaimOutcome.AlreadyServed) : new TimerClaimResult(TimerClaimOutcome.Busy);
    }

    public async Task<bool> RenewAsync(TimerClaim claim, TimeSpan lease, CancellationToken cancellationToken) =>
        await UpdateHeldAsync(claim, "lease_expires_at = @until", lease, cancellationToken) == 1;

    public async Task CompleteAsync(TimerClaim claim, CancellationToken cancellationToken) =>
        await UpdateHeldAsync(claim, "lease_owner = NULL, lease_expires_at = NULL, last_completed_at = @now", TimeSpan.Zero, cancellationToken);

    private async Task<int> UpdateHeldAsync(TimerClaim claim, string set, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var command = dataSource.CreateCommand(
            $"UPDATE {schema}.timer_schedules SET {set} WHERE function_name = @function AND lease_owner = @owner AND last_occurrence = @occurrence");
        command.Parameters.AddWithValue("function", claim.Function);
        command.Parameters.AddWithValue("owner", claim.Owner);
        command.Parameters.AddWithValue("occurrence", DateTime.SpecifyKind(claim.Occurrence, DateTimeKind.Utc));
        command.Parameters.AddWithValue("until", now + lease);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
