using System.Threading.Channels;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Group commit: writes that arrive while a commit is in flight are committed together in one transaction, so a
/// burst (a thousand timers due at once, a fan-out's results) shares round trips and fsyncs. If a group fails as a
/// whole (a lost lease, a conflict), each write is retried alone, so one bad write cannot take the others down and
/// each caller gets its own outcome.
/// </summary>
internal sealed class GroupCommitter<TItem, TResult> : IAsyncDisposable
{
    private const int Writers = 2;
    private const int MaxGroupSize = 64;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _commitGroup;
    private readonly Task[] _writers;

    /// <param name="commitGroup">Commits the items in one transaction and returns one result per item, in order.</param>
    public GroupCommitter(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> commitGroup)
    {
        _commitGroup = commitGroup;
        _writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    public Task<TResult> CommitAsync(TItem item)
    {
        var pending = new Pending(item);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitter<TItem, TResult>));
        }

        return pending.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteAsync()
    {
        var group = new List<Pending>(MaxGroupSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroupSize && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                var results = await _commitGroup(group.Select(p => p.Item).ToList());
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception exception) when (group.Count == 1)
            {
                group[0].Done.TrySetException(exception);
            }
            catch (Exception)
            {
                foreach (var pending in group)
                {
                    try
                    {
                        pending.Done.TrySetResult((await _commitGroup([pending.Item]))[0]);
                    }
                    catch (Exception exception)
                    {
                        pending.Done.TrySetException(exception);
                    }
                }
            }
        }
    }

    private sealed record Pending(TItem Item)
    {
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
