using System.Text.Json;
using Smo.Store.Events;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Events;

public sealed class EventLogTests : StoreTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateGraphAsync(Graph("g").WithServices("a"));
    }

    [Fact]
    public async Task AppendAsync_round_trips_a_service_event_with_data()
    {
        var data = JsonSerializer.SerializeToElement(new { release = "a", cluster = "edge-a", attempt = 2 });

        var recorded = await Events.AppendAsync(new NewEvent("g", "a", "deploy.helm-installed", "Installed a on edge-a", data));

        var stored = Assert.Single(await Events.LatestAsync("g", 10));
        Assert.Equal(recorded, stored with { Data = recorded.Data });
        Assert.Equal(("g", "a", "deploy.helm-installed", "Installed a on edge-a"), (stored.Graph, stored.Service, stored.Kind, stored.Message));
        Assert.True(JsonElement.DeepEquals(data, stored.Data!.Value));
    }

    [Fact]
    public async Task AppendAsync_keeps_an_event_without_data_as_null()
    {
        await Events.AppendAsync(new NewEvent("g", null, "graph.running", "All services deployed"));

        Assert.Null(Assert.Single(await Events.LatestAsync("g", 10)).Data);
    }

    [Fact]
    public async Task LatestAsync_returns_the_graphs_events_newest_first_up_to_the_limit()
    {
        foreach (var step in new[] { "placed", "imports", "installed" })
        {
            await Events.AppendAsync(new NewEvent("g", null, $"deploy.{step}", step));
        }

        var latest = await Events.LatestAsync("g", 2);

        Assert.Equal(["installed", "imports"], latest.Select(e => e.Message));
    }

    [Fact]
    public async Task LatestAsync_with_no_graph_returns_only_federation_events()
    {
        await Events.AppendAsync(new NewEvent("g", null, "graph.running", "running"));
        await Events.AppendAsync(new NewEvent(null, null, "inventory.changed", "edge-c joined"));

        var federation = await Events.LatestAsync(null, 10);

        Assert.Equal(["inventory.changed"], federation.Select(e => e.Kind));
        Assert.Equal(["graph.running"], (await Events.LatestAsync("g", 10)).Select(e => e.Kind));
    }

    [Fact]
    public async Task AppendAsync_throws_key_not_found_for_an_unknown_graph()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Events.AppendAsync(new NewEvent("nowhere", null, "graph.running", "x")));
    }

    public static TheoryData<NewEvent, string> InvalidEvents => new()
    {
        { new NewEvent(null, "a", "deploy.helm-installed", "x"), "no graph" },
        { new NewEvent("g", null, "Deploy Started", "x"), "event kind 'Deploy Started'" },
        { new NewEvent("g", null, "", "x"), "event kind ''" },
        { new NewEvent("g", null, "graph.running", " "), "the message" },
        { new NewEvent("G!", null, "graph.running", "x"), "not a valid name" },
        { new NewEvent("g", null, "graph.running", "x", default(JsonElement)), "undefined JSON value" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task AppendAsync_rejects_bad_input_and_records_nothing(NewEvent entry, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Events.AppendAsync(entry));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("events"));
    }

    [Fact]
    public async Task PurgeAsync_keeps_each_graphs_newest_events_and_drops_the_rest_and_what_is_too_old()
    {
        await CreateGraphAsync(Graph("h").WithServices("b"));
        for (var i = 0; i < 5; i++)
        {
            await Events.AppendAsync(new NewEvent("g", null, "graph.event", $"g-{i}"));
        }

        await Events.AppendAsync(new NewEvent("h", null, "graph.event", "h-0"));
        await Events.AppendAsync(new NewEvent(null, null, "inventory.changed", "federation"));

        var trimmed = await Events.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-1), keepPerGraph: 2, batchSize: 2);

        Assert.Equal(3, trimmed);
        Assert.Equal(["g-4", "g-3"], (await Events.LatestAsync("g", 10)).Select(e => e.Message));
        Assert.Single(await Events.LatestAsync("h", 10));
        Assert.Single(await Events.LatestAsync(null, 10));

        var aged = await Events.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1), keepPerGraph: 100);

        Assert.Equal(4, aged);
        Assert.Empty(await Events.LatestAsync("g", 10));
        Assert.Empty(await Events.LatestAsync(null, 10));
    }
}
