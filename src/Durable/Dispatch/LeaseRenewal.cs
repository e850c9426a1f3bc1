namespace Smo.Durable.Dispatch;

/// <summary>Renews a lease at a third of its length while work runs, so a slow episode or activity keeps it.</summary>
internal sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    // Not disposed: work may still hold its token after the renewal ends, and it owns no timer to release.
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    public LeaseRenewal(TimeSpan lease, Func<CancellationToken, Task<bool>> renew, Action? lost = null)
    {
        _onLost = lost;
        _loop = RunAsync(lease / 3, renew, _stop.Token);
    }

    private readonly Action? _onLost;

    /// <summary>Set once a renewal found the lease gone; the work's result will be discarded by the store.</summary>
    public bool Lost { get; private set; }

    /// <summary>Cancelled when a renewal finds the lease gone: the work may stop, its result is not wanted.</summary>
    public CancellationToken LostToken => _lost.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Every work item ends here: stopping must not cost an exception.
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task<bool>> renew, CancellationToken cancellationToken)
    {
        while (!Lost)
        {
            await Task.Delay(interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                Lost = !await renew(cancellationToken);
                if (Lost)
                {
                    _onLost?.Invoke();
                    await _lost.CancelAsync();
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed renewal is retried at the next interval; the lease may still be valid.
            }
        }
    }
}
