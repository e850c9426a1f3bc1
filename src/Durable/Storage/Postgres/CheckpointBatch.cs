using Npgsql;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Collects a checkpoint's statements into one batch. With fault injection on, a step whose hook throws is replaced
/// by a statement that fails on the server, so the crash happens between real statements of the real batch.
/// </summary>
internal sealed class CheckpointBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, StoreFaults? faults)
{
    private readonly NpgsqlBatch _batch = new(connection, transaction);
    private bool _faulted;

    public void Step(string name, params NpgsqlBatchCommand?[] commands)
    {
        if (_faulted)
        {
            return;
        }

        try
        {
            faults?.Step(name);
        }
        catch (Exception)
        {
            _faulted = true;
            _batch.BatchCommands.Add(PostgresWriteCommands.InjectedFault(name));
            return;
        }

        foreach (var command in commands.OfType<NpgsqlBatchCommand>())
        {
            _batch.BatchCommands.Add(command);
        }
    }

    /// <summary>Runs the batch; returns the rows the first statement (the guarded instance update) affected.</summary>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using (_batch)
        {
            await _batch.ExecuteNonQueryAsync(cancellationToken);
            return _batch.BatchCommands[0].RecordsAffected;
        }
    }
}
