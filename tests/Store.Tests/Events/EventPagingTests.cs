using Smo.Store.Events;
using Smo.Store.Paging;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Events;

/// <summary>A graph's event history read page by page: keyset order through one instant, and the filters.</summary>
public sealed class EventPagingTests : StoreTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateGraphAsync(Graph("g").WithServices("a", "b"));
    }

    [Fact]
    public async Task PageAsync_pages_events_of_one_instant_newest_first_without_repeating_or_skipping_any()
    {
        await TestDatabase.ScalarAsync<long>(
            $"""
            WITH added AS (
                INSERT INTO {Context.Events} (graph, service, kind, message, created_at)
                SELECT 'g', 'a', 'deploy.helm-installed', 'event ' || n, '2026-03-01T12:00:00Z'::timestamptz FROM generate_series(1, 5) n
                RETURNING id)
            SELECT count(*) FROM added
            """);
        var expected = (await Events.LatestAsync("g", 100)).Select(e => e.Id).ToList();

        var first = await Events.PageAsync("g", EventFilter.All, new LogWindow(null, null, null, 2));
        var second = await Events.PageAsync("g", EventFilter.All, new LogWindow(null, null, first.Next, 2));
        var third = await Events.PageAsync("g", EventFilter.All, new LogWindow(null, null, second.Next, 2));

        Assert.Equal(expected, [.. first.Items.Concat(second.Items).Concat(third.Items).Select(e => e.Id)]);
        Assert.NotNull(second.Next);
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task PageAsync_reads_only_the_service_and_kinds_asked_for()
    {
        await Events.AppendAsync(new NewEvent("g", "a", "deploy.helm-installed", "a installed"));
        await Events.AppendAsync(new NewEvent("g", "b", "deploy.helm-installed", "b installed"));
        await Events.AppendAsync(new NewEvent("g", null, "graph.running", "running"));
        await Events.AppendAsync(new NewEvent("g", "a", "warning", "a warned"));

        var ofA = await Events.PageAsync("g", new EventFilter([], "a"), new LogWindow(null, null, null, 10));
        var installs = await Events.PageAsync("g", new EventFilter(["deploy.helm-installed"], null), new LogWindow(null, null, null, 10));
        var installsOfB = await Events.PageAsync("g", new EventFilter(["deploy.helm-installed", "warning"], "b"), new LogWindow(null, null, null, 10));

        Assert.Equal(["a warned", "a installed"], ofA.Items.Select(e => e.Message));
        Assert.Equal(["b installed", "a installed"], installs.Items.Select(e => e.Message));
        Assert.Equal(["b installed"], installsOfB.Items.Select(e => e.Message));
    }

    [Fact]
    public async Task PageAsync_refuses_a_service_name_no_service_can_have()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Events.PageAsync("g", new EventFilter([], "Not A Name"), new LogWindow(null, null, null, 10)));
    }
}
