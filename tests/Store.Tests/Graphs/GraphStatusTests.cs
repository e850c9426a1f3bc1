using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class GraphStatusTests : StoreTest
{
    [Fact]
    public async Task UpdateStatusAsync_moves_the_graph_when_it_is_in_an_expected_status()
    {
        await CreateGraphAsync(Graph("g"));

        var update = await Graphs.UpdateStatusAsync("g", [GraphStatus.Deploying], GraphStatus.Running);

        Assert.Equal(new GraphStatusUpdate(true, GraphStatus.Running, 2), update);
        Assert.Equal(GraphStatus.Running, (await Graphs.GetAsync("g"))!.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_leaves_the_graph_alone_and_reports_its_status_when_it_is_not_expected()
    {
        await CreateGraphAsync(Graph("g").WithStatus(GraphStatus.Stopped));

        var update = await Graphs.UpdateStatusAsync("g", [GraphStatus.Running, GraphStatus.Failed], GraphStatus.Stopping);

        Assert.Equal(new GraphStatusUpdate(false, GraphStatus.Stopped, 1), update);
        Assert.Equal(GraphStatus.Stopped, (await Graphs.GetAsync("g"))!.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_reports_a_missing_graph()
    {
        var update = await Graphs.UpdateStatusAsync("nowhere", [GraphStatus.Running], GraphStatus.Stopping);

        Assert.False(update.GraphExists);
        Assert.False(update.Applied);
    }

    [Fact]
    public async Task UpdateStatusAsync_lets_only_one_of_two_concurrent_stops_through()
    {
        await CreateGraphAsync(Graph("g").WithStatus(GraphStatus.Running));

        var updates = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Graphs.UpdateStatusAsync("g", [GraphStatus.Running], GraphStatus.Stopping))));

        Assert.Single(updates, u => u.Applied);
    }

    [Fact]
    public async Task UpdateStatusAsync_stores_the_failure_reason_with_failed()
    {
        await CreateGraphAsync(Graph("g"));

        await Graphs.UpdateStatusAsync("g", [GraphStatus.Deploying], GraphStatus.Failed, "helm install of cvo failed: exit 1");

        var stored = (await Graphs.GetAsync("g"))!;
        Assert.Equal((GraphStatus.Failed, "helm install of cvo failed: exit 1"), (stored.Status, stored.FailureReason));
    }

    [Fact]
    public async Task UpdateStatusAsync_clears_the_failure_reason_when_the_graph_recovers()
    {
        await CreateGraphAsync(Graph("g"));
        await Graphs.UpdateStatusAsync("g", [GraphStatus.Deploying], GraphStatus.Failed, "registry down");

        await Graphs.UpdateStatusAsync("g", [GraphStatus.Failed], GraphStatus.Deploying);

        Assert.Null((await Graphs.GetAsync("g"))!.FailureReason);
    }

    [Fact]
    public async Task UpdateStatusAsync_requires_a_reason_for_failed()
    {
        await CreateGraphAsync(Graph("g"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Graphs.UpdateStatusAsync("g", [GraphStatus.Deploying], GraphStatus.Failed));

        Assert.Contains("failure reason", error.Message, StringComparison.Ordinal);
        Assert.Equal(GraphStatus.Deploying, (await Graphs.GetAsync("g"))!.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_refuses_a_reason_without_failed()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Graphs.UpdateStatusAsync("g", [GraphStatus.Deploying], GraphStatus.Running, "because"));

        Assert.Contains("only goes with Failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetDegradedAsync_marks_a_running_graph_degraded_with_what_failed_clusters_hold_and_running_again_without()
    {
        await CreateGraphAsync(Graph("g").WithStatus(GraphStatus.Running));
        DegradedService[] held = [new("front", "member1.eu", DateTimeOffset.Parse("2026-01-02T03:04:05Z"), "member1.eu is not ready; pinned to member1.eu")];

        Assert.True(await Graphs.SetDegradedAsync("g", held));
        var degraded = (await Graphs.GetAsync("g"))!;
        Assert.Equal(GraphStatus.Degraded, degraded.Status);
        Assert.Equal(held, degraded.Degraded);

        Assert.True(await Graphs.SetDegradedAsync("g", []));
        var running = (await Graphs.GetAsync("g"))!;
        Assert.Equal((GraphStatus.Running, 0), (running.Status, running.Degraded.Count));
    }

    [Fact]
    public async Task SetDegradedAsync_writes_nothing_when_nothing_changes_and_never_undoes_a_stop()
    {
        await CreateGraphAsync(Graph("g").WithStatus(GraphStatus.Running));
        DegradedService[] held = [new("front", "m1", DateTimeOffset.Parse("2026-01-02T03:04:05Z"), "m1 is not ready")];
        await Graphs.SetDegradedAsync("g", held);
        var version = (await Graphs.GetAsync("g"))!.Version;

        Assert.False(await Graphs.SetDegradedAsync("g", held));
        Assert.Equal(version, (await Graphs.GetAsync("g"))!.Version);

        await Graphs.UpdateStatusAsync("g", [GraphStatus.Degraded], GraphStatus.Stopping);
        Assert.False(await Graphs.SetDegradedAsync("g", held));
        Assert.False(await Graphs.SetDegradedAsync("g", []));
        var stopping = (await Graphs.GetAsync("g"))!;
        Assert.Equal((GraphStatus.Stopping, 0), (stopping.Status, stopping.Degraded.Count));
    }

    [Fact]
    public async Task UpdateStatusAsync_refuses_degraded_which_goes_with_its_services()
    {
        await CreateGraphAsync(Graph("g").WithStatus(GraphStatus.Running));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Graphs.UpdateStatusAsync("g", [GraphStatus.Running], GraphStatus.Degraded));

        Assert.Contains(nameof(GraphStore.SetDegradedAsync), error.Message, StringComparison.Ordinal);
        Assert.Equal(GraphStatus.Running, (await Graphs.GetAsync("g"))!.Status);
    }

    [Fact]
    public async Task SetDegradedAsync_refuses_a_service_without_a_reason_before_writing()
    {
        await CreateGraphAsync(Graph("g").WithStatus(GraphStatus.Running));

        await Assert.ThrowsAsync<ArgumentException>(() => Graphs.SetDegradedAsync("g", [new("front", "m1", DateTimeOffset.UtcNow, " ")]));

        Assert.Equal(GraphStatus.Running, (await Graphs.GetAsync("g"))!.Status);
    }

    // Failed is created only through UpdateStatusAsync with a reason; see UpdateStatusAsync_stores_the_failure_reason_with_failed.
    public static TheoryData<GraphStatus> CreatableStatuses => [.. Enum.GetValues<GraphStatus>().Where(s => s != GraphStatus.Failed)];

    [Theory]
    [MemberData(nameof(CreatableStatuses))]
    public async Task Every_graph_status_round_trips_through_the_schema(GraphStatus status)
    {
        await CreateGraphAsync(Graph("g").WithStatus(status));

        Assert.Equal(status, (await Graphs.GetAsync("g"))!.Status);
    }
}
