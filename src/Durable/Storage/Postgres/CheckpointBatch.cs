using Npgsql;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Collects the statements of one or more checkpoints into one batch. With fault injection on, a step whose hook throws is replaced
/// by a statement that fails on the server, so the crash happens between real statements of the real batch.
/// </summary>
internal sealed class CheckpointBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, StoreFaults? faults)
{
    private readonly NpgsqlBatch _batch = new(connection, transaction);
    private readonly List<int> _guards = [];
    private bool _faulted;

    /// <summary>Adds a checkpoint's guarded instance update: the statement that proves the lease is still held.</summary>
    public void Guard(NpgsqlBatchCommand update)
    {
        _guards.Add(_batch.BatchCommands.Count);
        Step("update-instance", update);
    }

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

    /// <summary>Runs the batch; true when every guarded update found its lease still held.</summary>
    public async Task<bool> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using (_batch)
        {
            await _batch.ExecuteNonQueryAsync(cancellationToken);
            return _guards.All(index => index < _batch.BatchCommands.Count && _batch.BatchCommands[index].RecordsAffected == 1);
        }
    }
}
