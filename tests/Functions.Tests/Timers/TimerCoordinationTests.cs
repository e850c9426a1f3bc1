using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Functions.Tests.Infrastructure;
using Smo.Functions.Timers;

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
                served.Add((timer.ScheduledTime, host));
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
            hosts.Add(await StartAsync(new TimerFunction("Slow", EverySecond, async (_, timer, _) =>
            {
                overlapped |= Interlocked.Increment(ref running) > 1;
                runs.Add(timer);
                await Task.Delay(2500);
                Interlocked.Decrement(ref running);
            })));
        }

        await Task.Delay(TimeSpan.FromSeconds(6));
        await StopAsync(hosts);

        Assert.False(overlapped);
        Assert.InRange(runs.Count, 2, 4);
        Assert.Contains(runs, r => r.IsPastDue);
        Assert.All(runs.Where(r => r.Last is not null), r => Assert.True(r.Last < r.ScheduledTime));
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
