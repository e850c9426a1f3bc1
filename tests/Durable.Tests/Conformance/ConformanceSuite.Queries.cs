using System.Collections.Concurrent;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Query_filters_by_prefix_status_and_creation_time_exactly()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => { RegisterHello(r); RegisterWaiter(r); });
        var before = DateTimeOffset.UtcNow;
        await host.RunAsync("Hello", new[] { "x" }, "qa-done-1");
        await host.RunAsync("Hello", new[] { "x" }, "qa-done-2");
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions("qa-waiting"));
        await host.Client.WaitForInstanceStartAsync("qa-waiting");
        await host.RunAsync("Hello", new[] { "x" }, "qb-done");
        var after = DateTimeOffset.UtcNow;

        var byPrefix = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "qa-" });
        var completedQa = await host.Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = "qa-",
            Statuses = [OrchestrationRuntimeStatus.Completed],
        });
        var running = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] });
        var inWindow = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = before, CreatedTo = after });
        var future = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = after.AddSeconds(1) });

        Assert.Equal(["qa-done-1", "qa-done-2", "qa-waiting"], byPrefix.Instances.Select(i => i.InstanceId).Order());
        Assert.Equal(["qa-done-1", "qa-done-2"], completedQa.Instances.Select(i => i.InstanceId).Order());
        Assert.Equal(["qa-waiting"], running.Instances.Select(i => i.InstanceId));
        Assert.Equal(4, inWindow.Instances.Count);
        Assert.Empty(future.Instances);
    }

    [Fact]
    public async Task Query_paging_has_no_gaps_or_duplicates_under_concurrent_inserts()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        var client = BareClient(store);
        var original = new List<string>();
        for (var i = 0; i < 45; i++)
        {
            original.Add(await client.ScheduleNewOrchestrationInstanceAsync("Anything", null, new StartOrchestrationOptions($"page-{i:D3}")));
        }

        var seen = new ConcurrentBag<string>();
        var inserting = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await client.ScheduleNewOrchestrationInstanceAsync("Anything", null, new StartOrchestrationOptions($"page-late-{i:D3}"));
            }
        });
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "page-", PageSize = 7, ContinuationToken = token });
            page.Instances.ToList().ForEach(i => seen.Add(i.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 100);
        await inserting;

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(original, id => Assert.Contains(id, seen));
    }

    [Fact]
    public async Task Query_rejects_a_continuation_token_it_did_not_issue()
    {
        await using var kind = NewStoreKind();
        var client = BareClient(await kind.CreateStoreAsync());

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetAllInstancesAsync(new OrchestrationQuery { ContinuationToken = "not-a-token" }));

        Assert.Contains("continuation token", error.Message, StringComparison.Ordinal);
    }
}
