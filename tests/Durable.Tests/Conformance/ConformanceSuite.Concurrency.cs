using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Worker_never_runs_more_activities_at_once_than_its_limit()
    {
        const int limit = 3;
        var running = 0;
        var peak = 0;
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int, int>("Busy", async (_, n) =>
            {
                InterlockedMax(ref peak, Interlocked.Increment(ref running));
                await Task.Delay(30);
                Interlocked.Decrement(ref running);
                return n;
            })
            .AddOrchestratorFunc<int, int>("Spread", async (ctx, count) =>
                (await Task.WhenAll(Enumerable.Range(0, count).Select(n => ctx.CallActivityAsync<int>("Busy", n)))).Sum()),
            o => o.Concurrency.MaximumConcurrentActivityWorkItems = limit);

        var result = await host.RunAsync("Spread", 30);

        Assert.Equal(Enumerable.Range(0, 30).Sum(), result.ReadOutputAs<int>());
        Assert.InRange(peak, 1, LimitSeenBy(kind, limit));
    }

    [Fact]
    public async Task Worker_never_runs_more_orchestration_episodes_at_once_than_its_limit()
    {
        const int limit = 2;
        var running = 0;
        var peak = 0;
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, int>("Hold", (ctx, _) =>
            {
                // Blocking is against the rules for real orchestrators; here it keeps the episode busy long enough to overlap.
                InterlockedMax(ref peak, Interlocked.Increment(ref running));
                Thread.Sleep(50);
                Interlocked.Decrement(ref running);
                return 1;
            }),
            o => o.Concurrency.MaximumConcurrentOrchestrationWorkItems = limit);

        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Hold"));
        }

        var results = await Task.WhenAll(ids.Select(id => host.WaitAsync(id, seconds: 60)));

        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.InRange(peak, 1, LimitSeenBy(kind, limit));
    }

    /// <summary>
    /// Smo hands a worker no more items than the worker announced it can run (maxConcurrentActivityFunctions and
    /// maxConcurrentOrchestratorFunctions in host.json), so a host is never overloaded. The reference ignores the
    /// announcement and applies its own limit, one item per processor, so there that is the bound.
    /// </summary>
    private static int LimitSeenBy(BackendKind kind, int announced) => kind is SmoBackendKind ? announced : Environment.ProcessorCount;

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
