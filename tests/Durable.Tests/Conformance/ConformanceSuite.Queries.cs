using System.Collections.Concurrent;
using Grpc.Core;
using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    [Fact]
    public async Task Query_filters_by_prefix_status_and_creation_time_exactly()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterHello(r);
            RegisterWaiter(r);
        });
        var before = DateTimeOffset.UtcNow;
        await host.RunAsync("Hello", new[] { "x" }, "qa-done-1");
        await host.RunAsync("Hello", new[] { "x" }, "qa-done-2");
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions("qa-waiting"));
        await host.WaitForStartAsync("qa-waiting");
        await host.RunAsync("Hello", new[] { "x" }, "qb-done");
        var after = DateTimeOffset.UtcNow;

        var byPrefix = await host.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "qa-" });
        var completedQa = await host.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "qa-", Statuses = [OrchestrationRuntimeStatus.Completed] });
        var running = await host.ListAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] });
        var inWindow = await host.ListAsync(new OrchestrationQuery { CreatedFrom = before, CreatedTo = after });
        var future = await host.ListAsync(new OrchestrationQuery { CreatedFrom = after.AddSeconds(1) });

        Assert.Equal(["qa-done-1", "qa-done-2", "qa-waiting"], byPrefix.Select(i => i.InstanceId).Order());
        Assert.Equal(["qa-done-1", "qa-done-2"], completedQa.Select(i => i.InstanceId).Order());
        Assert.Equal(["qa-waiting"], running.Select(i => i.InstanceId));
        Assert.Equal(["qa-done-1", "qa-done-2", "qa-waiting", "qb-done"], inWindow.Select(i => i.InstanceId).Order());
        Assert.Empty(future);
    }

    [Fact]
    public async Task Query_paging_has_no_gaps_or_duplicates_under_concurrent_inserts()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterWaiter);
        var original = new List<string>();
        for (var i = 0; i < 45; i++)
        {
            original.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions($"page-{i:D3}")));
        }

        var seen = new ConcurrentBag<string>();
        var inserting = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", null, new StartOrchestrationOptions($"page-late-{i:D3}"));
            }
        });
        var pages = 0;
        await foreach (var page in host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "page-", PageSize = 7 }).AsPages())
        {
            page.Values.ToList().ForEach(i => seen.Add(i.InstanceId));
            pages++;
        }

        await inserting;

        Assert.All(original, id => Assert.Contains(id, seen));
        Assert.True(pages >= 45 / 7, $"{pages} pages of at most 7 held {seen.Count} instances");
        if (kind is SmoBackendKind)
        {
            // Smo's continuation token is a keyset cursor (created time, instance id): inserts never shift a page.
            Assert.Equal(seen.Count, seen.Distinct().Count());
        }

        // The reference's token is a position, so instances inserted while paging shift later pages and the same
        // instance can come twice.
    }

    [Fact]
    public async Task Query_rejects_a_continuation_token_it_did_not_issue()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterWaiter);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.ListAsync(new OrchestrationQuery { ContinuationToken = "not-a-token" }));

        if (kind is SmoBackendKind)
        {
            // Smo says what is wrong; the SDK's client passes the protocol's InvalidArgument on as it is.
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains("continuation token", error.Status.Detail, StringComparison.Ordinal);
        }
        else
        {
            // The reference fails inside its handler and reports only that.
            Assert.Equal(StatusCode.Unknown, error.StatusCode);
        }
    }
}
