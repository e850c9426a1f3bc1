using Microsoft.Azure.Functions.Worker;
using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Infrastructure;
using Smo.Functions.Timers;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Timers;

/// <summary>Timer occurrences across several hosts, against each lock implementation.</summary>
public abstract class TimerCoordinationTests
{
    private const string EverySecond = "* * * * * *";

    protected abstract Task<ITimerOccurrenceLock> CreateLockAsync();

    [Fact]
    public async Task Each_occurrence_fires_exactly_once_across_three_hosts()
    {
        var served = new ConcurrentBag<(DateTime Occurrence, int Host)>();
        var hosts = new List<TimerTriggerService>();
        for (var h = 0; h < 3; h++)
        {
            var host = h;
            hosts.Add(await StartAsync(new TimerFunction("Tick", EverySecond, (_, timer, _) =>
            {
                served.Add((timer.ScheduleStatus!.LastUpdated, host));
                return Task.CompletedTask;
            })));
        }

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await StopAsync(hosts);

        var occurrences = served.Select(s => s.Occurrence).ToList();
        Assert.InRange(occurrences.Count, 2, 5);
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
    }

    [Fact]
    public async Task Run_longer_than_the_interval_never_overlaps_and_the_late_one_is_past_due()
    {
        var running = 0;
        var overlapped = false;
        var runs = new ConcurrentBag<TimerInfo>();
        var hosts = new List<TimerTriggerService>();
        for (var h = 0; h < 2; h++)
        {
            // Every 3 s, each run 4 s: the occurrence that falls due during a run is served when it ends, over a second
            // late, and the one after is still 2 s away — margins a loaded machine cannot eat.
            hosts.Add(await StartAsync(new TimerFunction("Slow", "*/3 * * * * *", async (_, timer, _) =>
            {
                overlapped |= Interlocked.Increment(ref running) > 1;
                runs.Add(timer);
                await Task.Delay(4000);
                Interlocked.Decrement(ref running);
            })));
        }

        await Task.Delay(TimeSpan.FromSeconds(9));
        await StopAsync(hosts);

        Assert.False(overlapped);
        Assert.InRange(runs.Count, 2, 3);
        Assert.Contains(runs, r => r.IsPastDue);
        Assert.All(runs.Where(r => r.ScheduleStatus!.Last != default), r => Assert.True(r.ScheduleStatus!.Last < r.ScheduleStatus.LastUpdated));
    }

    [Fact]
    public async Task Claims_racing_for_one_occurrence_give_one_winner_and_tell_the_losers_it_is_served()
    {
        // Hosts wake for the same occurrence at the same instant. A loser must learn the occurrence is served (and
        // move on to the next one), not that it is busy: a busy loser waits for the run to end and then skips the
        // occurrence that fell due meanwhile, which should have run late instead.
        var locks = new List<ITimerOccurrenceLock>();
        for (var h = 0; h < 6; h++)
        {
            var occurrenceLock = await CreateLockAsync();
            await occurrenceLock.InitializeAsync(CancellationToken.None);
            locks.Add(occurrenceLock);
        }

        for (var round = 0; round < 20; round++)
        {
            var occurrence = new DateTime(2030, 1, 1, 0, 0, round, DateTimeKind.Utc);
            // One thread per host, released together, so that the claims meet in the lock (in PostgreSQL: one
            // waits on the row the other is claiming).
            using var start = new Barrier(locks.Count);
            var claims = locks.Select((occurrenceLock, h) => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return occurrenceLock.TryClaimAsync("Race", occurrence, $"host-{h}", TimeSpan.FromMinutes(1), CancellationToken.None).GetAwaiter().GetResult();
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
            var results = await Task.WhenAll(claims);

            var winner = Assert.Single(results, r => r.Outcome == TimerClaimOutcome.Claimed);
            Assert.All(results.Where(r => r != winner), r => Assert.Equal(TimerClaimOutcome.AlreadyServed, r.Outcome));
            Assert.Equal(round == 0 ? (DateTime?)null : occurrence.AddSeconds(-1), winner.Claim!.PreviousOccurrence);
            await locks[0].CompleteAsync(winner.Claim!, CancellationToken.None);
        }
    }

    private async Task<TimerTriggerService> StartAsync(TimerFunction function)
    {
        var service = new TimerTriggerService(
            [function],
            await CreateLockAsync(),
            new ServiceCollection().BuildServiceProvider(),
            new ConfigurationBuilder().Build(),
            TimeProvider.System,
            new TimerTriggerOptions { Lease = TimeSpan.FromSeconds(10), BusyRetryInterval = TimeSpan.FromMilliseconds(50) },
            NullLogger<TimerTriggerService>.Instance);
        await service.StartAsync(CancellationToken.None);
        return service;
    }

    private static async Task StopAsync(IEnumerable<TimerTriggerService> hosts)
    {
        foreach (var host in hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}

public sealed class InMemoryTimerCoordinationTests : TimerCoordinationTests
{
    private readonly InMemoryTimerOccurrenceLock _shared = new(TimeProvider.System);

    protected override Task<ITimerOccurrenceLock> CreateLockAsync() => Task.FromResult<ITimerOccurrenceLock>(_shared);
}

[Trait("Category", "Integration")]
public sealed class PostgresTimerCoordinationTests : TimerCoordinationTests, IAsyncLifetime
{
    private readonly string _schema = "timers_" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<PostgresTimerOccurrenceLock> _locks = [];

    // Each host gets its own lock object (its own connection pool), as separate processes would.
    protected override Task<ITimerOccurrenceLock> CreateLockAsync()
    {
        var occurrenceLock = new PostgresTimerOccurrenceLock(PostgresConnection.String, _schema, TimeProvider.System);
        _locks.Add(occurrenceLock);
        return Task.FromResult<ITimerOccurrenceLock>(occurrenceLock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var occurrenceLock in _locks)
        {
            await occurrenceLock.DisposeAsync();
        }

        await new SchemaCleanup(_schema).DisposeAsync();
    }
}
