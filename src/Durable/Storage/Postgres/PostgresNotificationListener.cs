using Microsoft.Extensions.Logging;
using Npgsql;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Holds one LISTEN connection and turns NOTIFY payloads into wake-ups. If the connection drops, every waiter is
/// woken (they fall back to polling) and the listener reconnects.
/// </summary>
internal sealed partial class PostgresNotificationListener(NpgsqlDataSource dataSource, string channel, ILogger logger) : IAsyncDisposable
{
    public const string OrchestrationWork = "o";
    public const string ActivityWork = "a";
    public const string InstancePrefix = "s:";

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public AsyncSignal Orchestrations { get; } = new();

    public AsyncSignal Activities { get; } = new();

    public InstanceChangeSignals Instances { get; } = new();

    public void Start() => _loop ??= Task.Run(() => ListenAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                WakeEveryone(); // anything sent while we were not listening
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenerFailed(logger, exception, channel);
                WakeEveryone();
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Wakes this host's waiters for one payload, as if it had arrived by NOTIFY.</summary>
    public void Dispatch(string payload)
    {
        if (payload == OrchestrationWork)
        {
            Orchestrations.Set();
        }
        else if (payload == ActivityWork)
        {
            Activities.Set();
        }
        else if (payload.StartsWith(InstancePrefix, StringComparison.Ordinal))
        {
            Instances.Notify(payload[InstancePrefix.Length..]);
        }
    }

    private void WakeEveryone()
    {
        Orchestrations.Set();
        Activities.Set();
    }

    [LoggerMessage(LogLevel.Warning, "LISTEN on {Channel} failed; falling back to polling until it reconnects")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string channel);
}
