namespace Smo.Functions.Telemetry;

/// <summary>
/// A reading of a database for a gauge: scrapes take the last reading, and one that finds it older than its
/// maximum age starts one new read (never more than one at a time) and does not wait for it — so frequent scrapes, or
/// several Prometheus servers, cost one query per interval, and a slow database never holds a scrape. A read that
/// fails clears the reading: a gauge shows nothing rather than a figure that is no longer true.
/// </summary>
internal sealed class CachedReading<T>(Func<CancellationToken, Task<T>> read, TimeSpan maxAge, TimeProvider time, Action<Exception> failed)
    where T : class
{
    private T? _value;
    private long _readAtTicks = long.MinValue;
    private int _reading;

    /// <summary>The last reading (null before the first, or after a failure); starts a new read when it is too old.</summary>
    public T? Current(CancellationToken stopping)
    {
        var readAt = Interlocked.Read(ref _readAtTicks);
        if ((readAt == long.MinValue || time.GetUtcNow().UtcTicks - readAt >= maxAge.Ticks) && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
        {
            _ = RefreshAsync(stopping);
        }

        return Volatile.Read(ref _value);
    }

    /// <summary>Reads now, whatever the age (the first reading, at start, so the first scrape has figures).</summary>
    public Task RefreshNowAsync(CancellationToken stopping) =>
        Interlocked.CompareExchange(ref _reading, 1, 0) == 0 ? RefreshAsync(stopping) : Task.CompletedTask;

    private async Task RefreshAsync(CancellationToken stopping)
    {
        try
        {
            Volatile.Write(ref _value, await read(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Volatile.Write(ref _value, null);
            failed(exception);
        }
        finally
        {
            Interlocked.Exchange(ref _readAtTicks, time.GetUtcNow().UtcTicks);
            Volatile.Write(ref _reading, 0);
        }
    }
}
