using Smo.Durable.Storage;
using System.Collections.Concurrent;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Poison_orchestration_message_fails_the_instance_after_the_dequeue_limit()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        var id = await BareClient(store).ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "Nowhere" });
        for (var crash = 0; crash < 3; crash++)
        {
            // A host that claims the work and dies before its checkpoint, three times over.
            Assert.NotNull(await store.LockNextOrchestrationAsync("doomed", TimeSpan.FromMilliseconds(50), 100, CancellationToken.None));
            await Task.Delay(100);
        }

        await using var host = await TestHost.StartAsync(store, RegisterHello, o => o.MaxDequeueCount = 2);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("PoisonMessage", result.FailureDetails!.ErrorType);
        Assert.Contains("4 times", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poison_activity_fails_the_call_after_the_dequeue_limit()
    {
        var registry = new DurableTaskRegistry();
        RegisterHello(registry);
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        var id = await BareClient(store).ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "Nowhere" });
        var episode = await store.LockNextOrchestrationAsync("W", LongLease, 100, CancellationToken.None);
        await store.CompleteOrchestrationAsync(episode!, NewExecutor(registry).Execute(episode!, DateTime.UtcNow), CancellationToken.None);
        for (var crash = 0; crash < 3; crash++)
        {
            Assert.NotNull(await store.LockNextActivityAsync("doomed", TimeSpan.FromMilliseconds(50), CancellationToken.None));
            await Task.Delay(100);
        }

        await using var host = await TestHost.StartAsync(store, RegisterHello, o => o.MaxDequeueCount = 2);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("PoisonMessage", result.FailureDetails!.InnerFailure!.ErrorType);
    }

    [Fact]
    public async Task Worker_never_runs_more_activities_at_once_than_its_limit()
    {
        var running = 0;
        var peak = 0;
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<int, int>("Busy", async (_, n) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(30);
                Interlocked.Decrement(ref running);
                return n;
            })
            .AddOrchestratorFunc<int, int>("Spread", async (ctx, count) =>
                (await Task.WhenAll(Enumerable.Range(0, count).Select(n => ctx.CallActivityAsync<int>("Busy", n)))).Sum()),
            o => o.MaxConcurrentActivityFunctions = 3);

        var result = await host.RunAsync("Spread", 30);

        Assert.Equal(Enumerable.Range(0, 30).Sum(), result.ReadOutputAs<int>());
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task Three_hosts_share_the_work_and_process_nothing_twice()
    {
        var runs = new ConcurrentDictionary<string, int>();
        var hostsThatWorked = new ConcurrentDictionary<string, bool>();
        await using var kind = NewStoreKind();
        var hosts = new List<TestHost>();
        for (var h = 0; h < 3; h++)
        {
            var name = $"host-{h}";
            hosts.Add(await TestHost.StartAsync(await kind.CreateStoreAsync(), r => r
                .AddActivityFunc<string, string>("Echo", async (ctx, input) =>
                {
                    runs.AddOrUpdate(ctx.IdempotencyKey, 1, (_, c) => c + 1);
                    hostsThatWorked[name] = true;
                    await Task.Delay(5);
                    return input;
                })
                .AddOrchestratorFunc<string[], string>("Hello", async (ctx, cities) =>
                {
                    var greetings = new List<string>();
                    foreach (var city in cities)
                    {
                        greetings.Add(await ctx.CallActivityAsync<string>("Echo", city));
                    }

                    return string.Join(",", greetings);
                })));
        }

        try
        {
            var ids = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                ids.Add(await hosts[i % 3].Client.ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "a", "b", "c" }));
            }

            var results = await Task.WhenAll(ids.Select(id => hosts[0].WaitAsync(id, 60)));

            Assert.All(results, r => Assert.Equal("a,b,c", r.ReadOutputAs<string>()));
            Assert.Equal(90, runs.Count);
            Assert.All(runs.Values, count => Assert.Equal(1, count));
            Assert.True(hostsThatWorked.Count >= 2, $"only {string.Join(", ", hostsThatWorked.Keys)} did any work");
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Work_of_a_killed_host_is_taken_over_after_its_lease_expires()
    {
        var firstRunStarted = new TaskCompletionSource();
        var runs = 0;
        await using var kind = NewStoreKind();
        Action<DurableTaskRegistry> register = r => r
            .AddActivityFunc<object?, string>("Stuck", async (ctx, _) =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    firstRunStarted.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                }

                return "rescued";
            })
            .AddOrchestratorFunc<object?, string>("Fragile", async (ctx, _) => await ctx.CallActivityAsync<string>("Stuck"));
        Action<DurableTaskWorkerOptions> shortLeases = o =>
        {
            o.ActivityLease = TimeSpan.FromSeconds(1);
            o.OrchestrationLease = TimeSpan.FromSeconds(1);
        };
        var doomed = await TestHost.StartAsync(await kind.CreateStoreAsync(), register, shortLeases);
        var id = await doomed.Client.ScheduleNewOrchestrationInstanceAsync("Fragile");
        await firstRunStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));

        doomed.Worker.SimulateCrash();
        await using var survivor = await TestHost.StartAsync(await kind.CreateStoreAsync(), register, shortLeases);
        var result = await survivor.WaitAsync(id);
        await doomed.DisposeAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("rescued", result.ReadOutputAs<string>());
        Assert.Equal(2, runs);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
