using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Smo.Bench.Durable;

/// <summary>
/// The PostgreSQL commit ceiling: checkpoint-shaped transactions per second, each fully durable, on connections and
/// tables of its own (a schema dropped afterwards). A backend on the same server cannot commit its checkpoints
/// faster, so it puts the scenarios' work items per second in proportion.
/// </summary>
internal sealed class PgCommitCeiling(string connectionString)
{
    public const string ScenarioName = "pgceiling";

    /// <summary>Concurrent committers, as a busy backend has (the store's checkpoint writers, activity results, starts).</summary>
    private const int Connections = 8;

    /// <summary>Instances each connection takes in turn, so no two transactions wait for the same row lock.</summary>
    private const int InstancesPerConnection = 64;

    /// <summary>About one serialized history event of an echo activity.</summary>
    private const int EventBytes = 200;

    /// <summary>The statements of one transaction, in the order a checkpoint runs them.</summary>
    private const int StatementsPerTransaction = 4;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    public string Name => ScenarioName;

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["connections"] = Connections,
        ["seconds"] = Duration.TotalSeconds,
        ["statementsPerTransaction"] = StatementsPerTransaction,
        ["eventBytes"] = EventBytes,
    };

    public async Task<IReadOnlyList<Measurement>> RunAsync(CancellationToken cancellationToken)
    {
        var schema = $"bench_pgceiling_{Guid.NewGuid().ToString("N")[..8]}";
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await CreateAsync(dataSource, schema, cancellationToken);
            var elapsed = Stopwatch.StartNew();
            var deadline = elapsed.Elapsed + Duration;
            var commits = await Task.WhenAll(Enumerable.Range(0, Connections)
                .Select(c => CommitUntilAsync(dataSource, schema, c, () => elapsed.Elapsed < deadline, cancellationToken)));
            var seconds = elapsed.Elapsed.TotalSeconds;
            var total = commits.Sum();
            return [new("pg_commit_ceiling_per_s", total / seconds, Units.TransactionsPerSecond, new Dictionary<string, object> { ["transactions"] = total })];
        }
        finally
        {
            // The name was made here: letters, digits and underscores only.
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Tables shaped like the store's instances, inbox and history, with one waiting message per instance.</summary>
    private static async Task CreateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var create = dataSource.CreateCommand($"""
            CREATE SCHEMA {schema};
            CREATE TABLE {schema}.instances (
                instance_id text COLLATE "C" PRIMARY KEY, status text NOT NULL, last_updated_at timestamptz NOT NULL,
                lock_token bigint NOT NULL DEFAULT 0, history_count int NOT NULL DEFAULT 0);
            CREATE TABLE {schema}.inbox (
                id bigserial PRIMARY KEY, instance_id text COLLATE "C" NOT NULL, event bytea NOT NULL, visible_at timestamptz NOT NULL);
            CREATE INDEX ON {schema}.inbox (instance_id, id);
            CREATE TABLE {schema}.history (
                instance_id text COLLATE "C" NOT NULL, seq int NOT NULL, event bytea NOT NULL, recorded_at timestamptz NOT NULL,
                PRIMARY KEY (instance_id, seq));
            INSERT INTO {schema}.instances (instance_id, status, last_updated_at)
                SELECT 'i' || n, 'Running', now() FROM generate_series(0, {Connections * InstancesPerConnection - 1}) n;
            INSERT INTO {schema}.inbox (instance_id, event, visible_at)
                SELECT instance_id, decode(repeat('00', {EventBytes}), 'hex'), now() FROM {schema}.instances;
            """);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One connection's transactions, each one round trip (a batch is one implicit transaction): update the instance,
    /// consume its message, append two history events, send it the next message, commit.
    /// </summary>
    private static async Task<long> CommitUntilAsync(NpgsqlDataSource dataSource, string schema, int connectionIndex, Func<bool> running, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var payload = new byte[EventBytes];
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command($"UPDATE {schema}.instances SET last_updated_at = now(), lock_token = lock_token + 1, history_count = history_count + 2 WHERE instance_id = @id"),
                Command($"DELETE FROM {schema}.inbox WHERE id = (SELECT min(id) FROM {schema}.inbox WHERE instance_id = @id)"),
                Command($"INSERT INTO {schema}.history (instance_id, seq, event, recorded_at) VALUES (@id, @seq, @event, now()), (@id, @seq + 1, @event, now())",
                    new NpgsqlParameter<int>("seq", NpgsqlDbType.Integer), new NpgsqlParameter<byte[]>("event", NpgsqlDbType.Bytea) { TypedValue = payload }),
                Command($"INSERT INTO {schema}.inbox (instance_id, event, visible_at) VALUES (@id, @event, now())",
                    new NpgsqlParameter<byte[]>("event", NpgsqlDbType.Bytea) { TypedValue = payload }),
            },
        };
        // Prepared, as the store's statements are, so the figure is the server's, not the parser's.
        await batch.PrepareAsync(cancellationToken);
        var history = batch.BatchCommands[2];
        var nextSeq = new int[InstancesPerConnection];
        long commits = 0;
        while (running())
        {
            var slot = (int)(commits % InstancesPerConnection);
            var instanceId = $"i{connectionIndex * InstancesPerConnection + slot}";
            foreach (var command in batch.BatchCommands)
            {
                command.Parameters["id"].Value = instanceId;
            }

            history.Parameters["seq"].Value = nextSeq[slot];
            await batch.ExecuteNonQueryAsync(cancellationToken);
            nextSeq[slot] += 2;
            commits++;
        }

        return commits;
    }

    /// <summary>A statement about one instance (<c>@id</c>) with any further parameters it needs.</summary>
    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text));
        command.Parameters.AddRange(parameters);
        return command;
    }
}
