using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Timers;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Timers;

public sealed class TimerRenewalTests
{
    [Fact]
    public async Task Lease_renewal_survives_a_failed_renewal_and_the_run_is_completed()
    {
        var occurrenceLock = new FlakyRenewalLock(new InMemoryTimerOccurrenceLock(TimeProvider.System));
        var ran = new TaskCompletionSource();
        var service = new TimerTriggerService(
            [new TimerFunction("Long", "* * * * * *", async (_, _, _) =>
            {
                // Runs until renewals have carried on past the failed one (or gives up after a while).
                for (var waited = 0; occurrenceLock.Renewals < 3 && waited < 100; waited++)
                {
                    await Task.Delay(100);
                }

                ran.TrySetResult();
            })],
            occurrenceLock,
            new ServiceCollection().BuildServiceProvider(),
            new ConfigurationBuilder().Build(),
            TimeProvider.System,
            new TimerTriggerOptions { Lease = TimeSpan.FromMilliseconds(300) },
            NullLogger<TimerTriggerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await service.StopAsync(CancellationToken.None);
        service.Dispose();

        Assert.True(occurrenceLock.Renewals >= 3, $"only {occurrenceLock.Renewals} renewals were attempted");
        Assert.True(occurrenceLock.Completions >= 1);
    }

    /// <summary>Fails the first renewal, as a dropped database connection would.</summary>
    private sealed class FlakyRenewalLock(ITimerOccurrenceLock inner) : ITimerOccurrenceLock
    {
        private int _renewals;
        private int _completions;

        public int Renewals => Volatile.Read(ref _renewals);

        public int Completions => Volatile.Read(ref _completions);

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task<TimerClaimResult> TryClaimAsync(string function, DateTime occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
            inner.TryClaimAsync(function, occurrence, owner, lease, cancellationToken);

        public Task<bool> RenewAsync(TimerClaim claim, TimeSpan lease, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _renewals) == 1
                ? throw new IOException("connection dropped")
                : inner.RenewAsync(claim, lease, cancellationToken);

        public Task CompleteAsync(TimerClaim claim, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _completions);
            return inner.CompleteAsync(claim, cancellationToken);
        }
    }
}
