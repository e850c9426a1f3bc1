using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>
/// Level-triggered recovery: each tick's own look at the clusters (the scaling outcome's stranded services) re-places
/// what a failed cluster holds, without any inventory command; a re-placement that can move nothing is reported once
/// and not repeated while nothing changes, and one that failed for a transient reason is tried again.
/// </summary>
public sealed class GraphRecoveryTests
{
    private static readonly StrandedService AOnM1 = new("a", "m1", "m1 is not ready");

    private static int Recoveries(FakeFederation f) => f.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph).Count(p => p.Trigger == PlacementTrigger.Inventory);

    [Fact]
    public async Task A_tick_that_finds_a_service_on_a_failed_cluster_re_places_it_though_no_inventory_change_was_told()
    {
        var federation = new FakeFederation();
        var moved = false;
        federation.Scale = _ => new ScalingOutcome(true, false, [], "Decided.") { Stranded = moved ? [] : [AOnM1] };
        federation.Place = request =>
        {
            moved |= request.Trigger == PlacementTrigger.Inventory;
            return new PlacementOutcome(true, request.Trigger == PlacementTrigger.Inventory ? ["a"] : [], "Optimal.");
        };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => Recoveries(f) == 1, "the tick re-places");
        var ticks = federation.Count(GraphActivities.ScaleGraph);
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= ticks + 3, "ticks after the recovery");

        Assert.Equal(0, federation.Count(GraphActivities.PlacementAffected));
        Assert.Equal(1, Recoveries(federation));
        Assert.Contains(federation.Events, e => e.Kind == "replaced" && e.Message.StartsWith("m1 is not ready: a. Re-placement (Inventory): moved a.", StringComparison.Ordinal));
        Assert.Equal(3, federation.InputsOf<ServiceRef>(GraphActivities.InstallService).Count());
        Assert.Empty(federation.Degradations);
    }

    [Fact]
    public async Task A_recovery_that_can_move_nothing_is_reported_once_and_not_repeated_until_what_is_stranded_changes()
    {
        var federation = new FakeFederation();
        IReadOnlyList<StrandedService> stranded = [AOnM1];
        federation.Scale = _ => new ScalingOutcome(true, false, [], "Decided.") { Stranded = stranded };
        var pinned = AOnM1 with { Reason = "m1 is not ready; pinned to m1 (clustersAffinity)" };
        federation.Place = request => new PlacementOutcome(true, [], "Static.")
        {
            Stranded = request.Trigger == PlacementTrigger.Inventory ? [.. stranded.Select(s => s.Service == "a" ? pinned : s with { Reason = "m2 is not ready; pinned to m2" })] : [],
        };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Degradations.Any(), "the graph reports what is held");
        var ticks = federation.Count(GraphActivities.ScaleGraph);
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= ticks + 5, "five more ticks");
        Assert.Equal(1, Recoveries(federation));
        Assert.Equal([pinned], Assert.Single(federation.Degradations).Services);

        // Another service stranded: a new situation, so one more try, and the report grows.
        stranded = [AOnM1, new StrandedService("b", "m2", "m2 is not ready")];
        await host.UntilAsync(f => Recoveries(f) == 2 && f.Degradations.Count() == 2, "a re-placement for b and the report with it");
        Assert.Equal(["a", "b"], federation.Degradations.Last().Services.Select(s => s.Service));

        // Both clusters back: no re-placement needed, the graph reports nothing held.
        stranded = [];
        await host.UntilAsync(f => f.Degradations.Count() == 3, "the report that nothing is held");
        Assert.Empty(federation.Degradations.Last().Services);
        Assert.Equal(2, Recoveries(federation));
    }

    [Fact]
    public async Task A_recovery_that_failed_for_a_transient_reason_is_tried_again_on_a_later_tick()
    {
        var federation = new FakeFederation();
        var (down, moved) = (false, false);
        federation.Scale = _ => new ScalingOutcome(true, false, [], "Decided.") { Stranded = down && !moved ? [AOnM1] : [] };
        federation.Place = request =>
        {
            moved |= request.Trigger == PlacementTrigger.Inventory;
            return new PlacementOutcome(true, moved ? ["a"] : [], "Optimal.");
        };
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");

        // Every attempt of the first recovery's retries fails (Karmada down), then Karmada answers again.
        federation.Fail(GraphActivities.PlaceGraph, times: 4, "Karmada: connection refused");
        down = true;
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "replaced" && e.Message.Contains("moved a", StringComparison.Ordinal)), "a later tick recovers", seconds: 40);

        Assert.Contains(federation.Events, e => e.Kind == "warning" && e.Message.StartsWith("Recovery from a failed cluster failed: Karmada: connection refused", StringComparison.Ordinal));
        Assert.Empty(federation.Degradations);
    }

    [Fact]
    public async Task A_tick_that_cannot_decide_still_recovers_from_a_failed_cluster_through_the_stores_check()
    {
        var federation = new FakeFederation { PlacementAffected = true };
        federation.Place = request =>
        {
            federation.PlacementAffected &= request.Trigger != PlacementTrigger.Inventory;
            return new PlacementOutcome(true, request.Trigger == PlacementTrigger.Inventory ? ["a"] : [], "Optimal.");
        };
        federation.Fail(GraphActivities.ScaleGraph, times: 100, "Prometheus: connection refused");
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => Recoveries(f) == 1, "a re-placement though the ticks fail");
        var checks = federation.Count(GraphActivities.PlacementAffected);
        await host.UntilAsync(f => f.Count(GraphActivities.PlacementAffected) >= checks + 2, "more failed ticks");

        Assert.Equal(1, Recoveries(federation));
    }
}
