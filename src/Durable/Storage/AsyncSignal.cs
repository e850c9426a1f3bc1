namespace Smo.Durable.Storage;

/// <summary>A wake-up that every current waiter sees; waiters take <see cref="Current"/> before checking for work.</summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Current => Volatile.Read(ref _source).Task;

    public void Set() =>
        Interlocked.Exchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public static async Task WaitAsync(Task signal, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (maxWait <= TimeSpan.Zero)
        {
            return;
        }

        await Task.WhenAny(signal, Task.Delay(maxWait, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }
}
