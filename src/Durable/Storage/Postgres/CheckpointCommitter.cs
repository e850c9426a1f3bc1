using System.Threading.Channels;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// Group commit for checkpoints: episodes that finish while a commit is in flight are written together in one
/// transaction, so a burst of episodes (a thousand timers due at once) shares round trips and fsyncs. If a group
/// fails as a whole (a lost lease, a conflict), each checkpoint is retried alone, so one bad episode cannot take
/// the others down and each caller gets its own outcome.
/// </summary>
internal sealed class CheckpointCommitter : IAsyncDisposable
{
    private const int Writers = 2;
    private const int MaxGroupSize = 64;

    private readonly Channel<PendingCheckpoint> _queue = Channel.CreateUnbounded<PendingCheckpoint>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Func<IReadOnlyList<PendingCheckpoint>, Task> _commitGroup;
    private readonly Task[] _writers;

    public CheckpointCommitter(Func<IReadOnlyList<PendingCheckpoint>, Task> commitGroup)
    {
        _commitGroup = commitGroup;
        _writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    public Task CommitAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint)
    {
        var pending = new PendingCheckpoint(workItem, checkpoint);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresOrchestrationStore));
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
        var group = new List<PendingCheckpoint>(MaxGroupSize);
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
                await _commitGroup(group);
                group.ForEach(p => p.Done.TrySetResult());
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
                        await _commitGroup([pending]);
                        pending.Done.TrySetResult();
                    }
                    catch (Exception exception)
                    {
                        pending.Done.TrySetException(exception);
                    }
                }
            }
        }
    }
}

/// <summary>A checkpoint waiting for its group's commit.</summary>
internal sealed record PendingCheckpoint(OrchestrationWorkItem WorkItem, OrchestrationCheckpoint Checkpoint)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
