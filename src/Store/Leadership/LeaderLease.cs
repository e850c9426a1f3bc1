using Npgsql;

namespace Smo.Store.Leadership;

/// <summary>
/// One holder at a time, across every host on the store's database, for work that must not run twice in parallel
/// (the load watch): a session-level PostgreSQL advisory lock on a connection kept open while leading. A host that
/// dies drops its connection and with it the lock, so another host's next <see cref="TryLeadAsync"/> takes over.
/// </summary>
/// <param name="role">What is led; leases of different roles, or of different store schemas, never compete.</param>
public sealed class LeaderLease(StoreContext store, string role) : IAsyncDisposable
{
    private readonly string _key = $"{store.Schema}:{role}";
    private NpgsqlConnection? _connection;

    /// <summary>Whether this lease leads now: keeps the lock while its connection lives, else tries to take it.</summary>
    public async Task<bool> TryLeadAsync(CancellationToken cancellationToken = default)
    {
        if (_connection is not null)
        {
            try
            {
                // A broken connection has lost the lock already: find out before claiming to lead.
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException)
            {
                await DropConnectionAsync();
            }
        }

        var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var claim = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", connection);
            claim.Parameters.AddWithValue("key", _key);
            if (await claim.ExecuteScalarAsync(cancellationToken) is true)
            {
                _connection = connection;
                return true;
            }
        }
        catch
        {
            await ReleaseAsync(connection);
            throw;
        }

        await connection.DisposeAsync();
        return false;
    }

    /// <summary>Gives the lock up, so another host can lead at once rather than when this connection is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            // Explicitly: a pooled connection may keep its session, and with it the lock, after it is returned.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", _connection);
            release.Parameters.AddWithValue("key", _key);
            await release.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and the server released the lock with its session.
        }

        await DropConnectionAsync();
    }

    /// <summary>
    /// A claim that failed part way (cancelled, say) may have taken the lock: release any before the connection goes
    /// back to the pool, which keeps sessions as they are. A broken connection is discarded by the pool, lock and all.
    /// </summary>
    private static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await unlock.ExecuteScalarAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Nothing more to do: the connection is unusable, so it is not reused either.
        }

        await connection.DisposeAsync();
    }

    private async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
