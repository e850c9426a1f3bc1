using System.Threading.Channels;
using k8s;

namespace Smo.Simulator.Tests.Kubernetes;

/// <summary>
/// Reads a watch with KubernetesClient's own watcher (its <c>WatchList…Async</c> methods) in the background: the
/// events it yields, the errors it reports (an ERROR event becomes a KubernetesException), and when it ends.
/// </summary>
public sealed class WatchFeed<T> : IAsyncDisposable
{
    private readonly Channel<(WatchEventType Type, T Object)> _events = Channel.CreateUnbounded<(WatchEventType, T)>();
    private readonly List<Exception> _errors = [];
    private readonly CancellationTokenSource _stop = new();

    /// <param name="watch">Starts the client's watch with an error callback and a cancellation token.</param>
    public WatchFeed(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        Ended = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, item) in watch(OnError, _stop.Token))
                {
                    _events.Writer.TryWrite((type, item));
                }
            }
            finally
            {
                _events.Writer.Complete();
            }
        });
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended { get; }

    public IReadOnlyList<Exception> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public async Task<(WatchEventType Type, T Object)> NextAsync(double seconds = 5)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Every event until the stream ends (within <paramref name="seconds"/>).</summary>
    public async Task<IReadOnlyList<(WatchEventType Type, T Object)>> UntilEndAsync(double seconds = 5)
    {
        await Ended.WaitAsync(TimeSpan.FromSeconds(seconds));
        var events = new List<(WatchEventType, T)>();
        while (_events.Reader.TryRead(out var item))
        {
            events.Add(item);
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Ended.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            // Cancelling the read is how a client stops watching.
        }
        _stop.Dispose();
    }

    private void OnError(Exception error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
