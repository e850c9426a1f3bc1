using Npgsql;

namespace Smo.Functions.Timers;

/// <summary>
/// The timer lock on PostgreSQL: one row per function holding the last served occurrence and the lease of the run
/// in progress. A claim locks the row (SELECT ... FOR UPDATE) before deciding, so exactly one host wins an occurrence
/// and the others see that it is served.
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var ensure = new NpgsqlCommand(
            $"INSERT INTO {schema}.timer_schedules (function_name) VALUES (@function) ON CONFLICT (function_name) DO NOTHING", connection, transaction))
        {
            ensure.Parameters.AddWithValue("function", function);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        // The row is locked first and read as it is now, not as the statement's snapshot had it: hosts wake for an
        // occurrence at the same instant, and a loser that waited for the winner's claim must see it, or it would take
        // the served occurrence for a busy one, wait for the run to end and then skip the occurrence that fell due
        // meanwhile instead of serving it late.
        DateTime? previous;
        bool leaseFree;
        await using (var read = new NpgsqlCommand($"""
            SELECT last_occurrence, lease_owner IS NULL OR lease_expires_at < @now
            FROM {schema}.timer_schedules WHERE function_name = @function FOR UPDATE
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("function", function);
            read.Parameters.AddWithValue("now", now);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            previous = reader.IsDBNull(0) ? null : DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
            leaseFree = reader.GetBoolean(1);
        }

        if (previous >= occurrence)
        {
            return new TimerClaimResult(TimerClaimOutcome.AlreadyServed);
        }

        if (!leaseFree)
        {
            return new TimerClaimResult(TimerClaimOutcome.Busy);
        }

        await using (var claim = new NpgsqlCommand($"""
            UPDATE {schema}.timer_schedules
            SET last_occurrence = @occurrence, lease_owner = @owner, lease_expires_at = @until, last_started_at = @now
            WHERE function_name = @function
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue("function", function);
            claim.Parameters.AddWithValue("occurrence", DateTime.SpecifyKind(occurrence, DateTimeKind.Utc));
            claim.Parameters.AddWithValue("owner", owner);
            claim.Parameters.AddWithValue("until", now + lease);
            claim.Parameters.AddWithValue("now", now);
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new TimerClaimResult(TimerClaimOutcome.Claimed, new TimerClaim(function, occurrence, owner, previous));
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
