using Npgsql;

namespace Smo.Store.Schema;

/// <summary>
/// Creates Smo's schema and applies the migrations it lacks. Everything happens in one transaction under an advisory
/// lock on the schema name, so hosts that start at once apply each migration exactly once and nobody sees half a schema.
/// </summary>
public sealed class StoreMigrator(StoreContext store)
{
    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockSchema = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('smo-store-schema:' || @schema))", connection))
        {
            lockSchema.Parameters.AddWithValue("schema", store.Schema);
            await lockSchema.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {store.Schema}", cancellationToken);
        await ExecuteAsync(connection, $"CREATE TABLE IF NOT EXISTS {store.SchemaVersion} (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {store.SchemaVersion}", connection);
        var from = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        var migrations = StoreMigrations.All;
        for (var version = from + 1; version <= migrations.Count; version++)
        {
            await ExecuteAsync(connection, migrations[version - 1].Replace("{s}", store.Schema, StringComparison.Ordinal), cancellationToken);
            await ExecuteAsync(connection, $"INSERT INTO {store.SchemaVersion} (version) VALUES ({version})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new MigrationResult(store.Schema, from, Math.Max(from, migrations.Count), migrations.Count);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
