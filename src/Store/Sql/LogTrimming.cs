using Npgsql;

namespace Smo.Store.Sql;

/// <summary>
/// Retention of the append-only logs (decisions, events): rows deleted in batches, so a first run over a large
/// backlog holds no long lock and no huge transaction.
/// </summary>
internal static class LogTrimming
{
    /// <summary>Deletes the rows of <paramref name="table"/> beyond the newest <paramref name="keep"/> of their graph.</summary>
    public static Task<long> BeyondNewestPerGraphAsync(NpgsqlDataSource dataSource, string table, int keep, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        return InBatchesAsync(dataSource, $"""
            DELETE FROM {table} WHERE id IN (
                SELECT id FROM (
                    SELECT id, row_number() OVER (PARTITION BY graph ORDER BY created_at DESC, id DESC) AS newer
                    FROM {table} WHERE graph IS NOT NULL) ranked
                WHERE newer > @keep
                LIMIT @batch)
            """, parameters => parameters.WithInt("keep", keep), batchSize, cancellationToken);
    }

    /// <summary>Runs a DELETE that takes <c>@batch</c> until a run deletes fewer rows than a batch; returns the rows deleted.</summary>
    public static async Task<long> InBatchesAsync(
        NpgsqlDataSource dataSource, string sql, Action<NpgsqlParameterCollection> bind, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var command = dataSource.CreateCommand(sql);
        bind(command.Parameters);
        command.Parameters.WithInt("batch", batchSize);
        long purged = 0;
        int deleted;
        do
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            purged += deleted;
        }
        while (deleted == batchSize);

        return purged;
    }
}
