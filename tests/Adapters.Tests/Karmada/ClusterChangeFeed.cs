using System.Threading.Channels;
using Smo.Adapters.Karmada;

namespace Smo.Adapters.Tests.Karmada;

/// <summary>Runs a cluster watch in the background and hands its changes to the test, one by one, as they come.</summary>
public sealed class ClusterChangeFeed : IAsyncDisposable
{
    private readonly Channel<ClusterChange> _changes = Channel.CreateUnbounded<ClusterChange>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public ClusterChangeFeed(IClusterWatch watch)
    {
        _running = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in watch.WatchAsync(_stop.Token))
                {
                    _changes.Writer.TryWrite(change);
                }
            }
            finally
            {
                _changes.Writer.Complete();
            }
        });
    }

    /// <summary>The next change (within <paramref name="seconds"/>); a watch that ended is a failure with its exception.</summary>
    public async Task<ClusterChange> NextAsync(double seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await _changes.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException)
        {
            await _running;
            throw;
        }
    }

    /// <summary>The next change of <paramref name="cluster"/>, skipping the others' (within <paramref name="seconds"/>).</summary>
    public async Task<ClusterChange> NextOfAsync(string cluster, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var change = await NextAsync(Math.Max(0.01, (deadline - DateTime.UtcNow).TotalSeconds));
            if (change.Cluster == cluster)
            {
                return change;
            }
        }
    }

    /// <summary>The changes that came so far, without waiting.</summary>
    public IReadOnlyList<ClusterChange> Drain()
    {
        var drained = new List<ClusterChange>();
        while (_changes.Reader.TryRead(out var change))
        {
            drained.Add(change);
        }

        return drained;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Cancelling is how the watch ends.
        }

        _stop.Dispose();
    }
}
