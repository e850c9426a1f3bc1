using Npgsql;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Creates and migrates a hub's schema. Migrations are append-only and applied under an advisory lock, so any
/// number of hosts may start at once.
/// </summary>
internal static class PostgresSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE {s}.instances (
            instance_id text COLLATE "C" PRIMARY KEY,
            execution_id text NOT NULL,
            name text NOT NULL,
            status text NOT NULL,
            input text,
            output text,
            custom_status text,
            failure text,
            created_at timestamptz NOT NULL,
            last_updated_at timestamptz NOT NULL,
            completed_at timestamptz,
            scheduled_start_at timestamptz,
            parent_instance_id text,
            parent_execution_id text,
            parent_task_id int,
            lease_owner text,
            lease_expires_at timestamptz,
            lock_token bigint NOT NULL DEFAULT 0,
            history_count int NOT NULL DEFAULT 0);
        CREATE INDEX instances_created ON {s}.instances (created_at, instance_id);
        CREATE INDEX instances_lease ON {s}.instances (lease_expires_at) WHERE lease_expires_at IS NOT NULL;

        CREATE TABLE {s}.history (
            instance_id text COLLATE "C" NOT NULL,
            execution_id text NOT NULL,
            seq int NOT NULL,
            event_type smallint NOT NULL,
            task_id int NOT NULL,
            name text,
            payload text,
            fire_at timestamptz,
            target_instance_id text,
            message_id bigint,
            recorded_at timestamptz NOT NULL,
            PRIMARY KEY (instance_id, execution_id, seq));

        CREATE TABLE {s}.inbox (
            id bigserial PRIMARY KEY,
            instance_id text COLLATE "C" NOT NULL,
            execution_id text,
            event_type smallint NOT NULL,
            task_id int NOT NULL,
            name text,
            payload text,
            fire_at timestamptz,
            target_instance_id text,
            recorded_at timestamptz NOT NULL,
            visible_at timestamptz NOT NULL,
            dequeue_count int NOT NULL DEFAULT 0);
        CREATE INDEX inbox_visible ON {s}.inbox (visible_at);
        CREATE INDEX inbox_instance ON {s}.inbox (instance_id, id);

        CREATE TABLE {s}.tasks (
            id bigserial PRIMARY KEY,
            instance_id text COLLATE "C" NOT NULL,
            execution_id text NOT NULL,
            task_id int NOT NULL,
            name text NOT NULL,
            input text,
            visible_at timestamptz NOT NULL,
            lease_owner text,
            lock_token bigint NOT NULL DEFAULT 0,
            dequeue_count int NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL,
            UNIQUE (instance_id, execution_id, task_id));
        CREATE INDEX tasks_visible ON {s}.tasks (visible_at);
        """,
        """
        CREATE INDEX instances_lease_owner ON {s}.instances (lease_owner) WHERE lease_owner IS NOT NULL;
        """,
        // Version 3: events are the Durable Task protocol's protobuf messages, so the SDK replays them unchanged.
        // Histories of the earlier home-made format cannot be replayed by the SDK, so they are dropped; Smo's
        // supervisor restarts graph orchestrations from the stored graphs.
        """
        DROP TABLE {s}.history;
        DROP TABLE {s}.inbox;
        DROP TABLE {s}.tasks;
        DELETE FROM {s}.instances;

        CREATE TABLE {s}.history (
            instance_id text COLLATE "C" NOT NULL,
            execution_id text NOT NULL,
            seq int NOT NULL,
            event_type smallint NOT NULL,
            task_id int NOT NULL,
            name text,
            event bytea NOT NULL,
            message_id bigint,
            recorded_at timestamptz NOT NULL,
            PRIMARY KEY (instance_id, execution_id, seq));

        CREATE TABLE {s}.inbox (
            id bigserial PRIMARY KEY,
            instance_id text COLLATE "C" NOT NULL,
            execution_id text,
            event_type smallint NOT NULL,
            task_id int NOT NULL,
            name text,
            event bytea NOT NULL,
            recorded_at timestamptz NOT NULL,
            visible_at timestamptz NOT NULL,
            dequeue_count int NOT NULL DEFAULT 0);
        CREATE INDEX inbox_visible ON {s}.inbox (visible_at);
        CREATE INDEX inbox_instance ON {s}.inbox (instance_id, id);

        CREATE TABLE {s}.tasks (
            id bigserial PRIMARY KEY,
            instance_id text COLLATE "C" NOT NULL,
            execution_id text NOT NULL,
            task_id int NOT NULL,
            name text NOT NULL,
            event bytea NOT NULL,
            visible_at timestamptz NOT NULL,
            lease_owner text,
            lock_token bigint NOT NULL DEFAULT 0,
            dequeue_count int NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL,
            UNIQUE (instance_id, execution_id, task_id));
        CREATE INDEX tasks_visible ON {s}.tasks (visible_at);
        CREATE INDEX tasks_name ON {s}.tasks (name, visible_at);
        """,
    ];

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock(hashtext('smo-durable-schema:{schema}'))", cancellationToken);
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken);
        await ExecuteAsync(connection, $"CREATE TABLE IF NOT EXISTS {schema}.schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version", connection);
        var applied = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, Migrations[version - 1].Replace("{s}", schema, StringComparison.Ordinal), cancellationToken);
            await ExecuteAsync(connection, $"INSERT INTO {schema}.schema_version (version) VALUES ({version})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
