using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Wake-ups sent after a commit, never inside it: a NOTIFY in a transaction takes a database-wide lock until the
/// commit is flushed, so transactions that notify cannot share a flush and commit one at a time. This host's own
/// waiters are woken at once; other hosts hear a NOTIFY sent moments later (coalesced, on the relaxed pool). A
/// NOTIFY lost in a crash only delays the other hosts until their next poll.
/// </summary>
internal sealed partial class PostCommitNotifier : IAsyncDisposable
{
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly PostgresNotificationListener _local;
    private readonly ILogger _logger;
    private readonly Task _sender;

    public PostCommitNotifier(NpgsqlDataSource dataSource, string channel, PostgresNotificationListener local, ILogger logger)
    {
        _dataSource = dataSource;
        _channel = channel;
        _local = local;
        _logger = logger;
        _sender = Task.Run(SendAsync);
    }

    public void Send(string payload)
    {
        _local.Dispatch(payload);
        _pending.Writer.TryWrite(payload);
    }

    public void Send(IEnumerable<string> payloads)
    {
        foreach (var payload in payloads)
        {
            Send(payload);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _sender;
    }

    private async Task SendAsync()
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 1_000 && _pending.Reader.TryRead(out var payload))
            {
                batch.Add(payload);
            }

            try
            {
                await using var command = _dataSource.CreateCommand($"SELECT pg_notify('{_channel}', p) FROM unnest(@payloads) AS p");
                command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.ToArray() });
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception exception)
            {
                // Other hosts find the work by polling.
                LogNotifyFailed(_logger, exception, batch.Count);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Sending {Count} wake-ups to other hosts failed; they will find the work by polling")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, int count);
}
