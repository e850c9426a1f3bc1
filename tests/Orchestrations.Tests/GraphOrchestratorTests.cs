using Microsoft.DurableTask.Client;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Placement;

namespace Smo.Orchestrations.Tests;

public sealed class GraphOrchestratorTests
{
    [Fact]
    public async Task Deploy_places_then_creates_rules_and_dashboards_then_installs_then_ticks()
    {
        await using var host = await GraphHost.StartAsync(new FakeFederation());

        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 3, "three scaling ticks");

        var order = host.Federation.Calls.Select(c => c.Activity).Where(a => a != GraphActivities.RecordGraphEvent).Take(7).ToList();
        Assert.Equal(
            [GraphActivities.PlaceGraph, GraphActivities.EnsureAlertRules, GraphActivities.PublishDashboards, GraphActivities.ServicesToInstall,
             GraphActivities.InstallService, GraphActivities.InstallService, GraphActivities.SetGraphStatus],
            order);
        Assert.Equal(PlacementTrigger.Deploy, host.Federation.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph).Single().Trigger);
        Assert.Equal("Running", host.Federation.Statuses.Last().Status);
        Assert.True(host.Federation.Installed["a"] && host.Federation.Installed["b"]);
    }

    [Fact]
    public async Task Installs_follow_the_dependency_waves_and_a_wave_waits_for_the_one_before()
    {
        var federation = new FakeFederation { ServicesToInstall = [["a"], ["b"]] };
        federation.InstallTimes["a"] = TimeSpan.FromMilliseconds(300);
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");

        Assert.Equal(["a"], federation.InstalledBefore["b"]);
        Assert.Empty(federation.InstalledBefore["a"]);
    }

    [Fact]
    public async Task No_placement_leaves_the_graph_failed_with_the_reason_and_start_deploys_again()
    {
        var federation = new FakeFederation { Place = _ => new PlacementOutcome(false, [], "web needs 12 CPU; the largest cluster it may use offers 10.") };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Failed"), "the graph fails");

        var failed = federation.Statuses.Single(s => s.Status == "Failed");
        Assert.Equal("No placement: web needs 12 CPU; the largest cluster it may use offers 10.", failed.Reason);
        Assert.Equal(0, federation.Count(GraphActivities.InstallService));
        Assert.Equal(0, federation.Count(GraphActivities.ScaleGraph));

        federation.Place = _ => new PlacementOutcome(true, [], "Optimal.");
        await host.SendAsync(new GraphCommand(GraphCommandKind.Start));
        await host.UntilAsync(f => f.Statuses.LastOrDefault()?.Status == "Running", "the graph runs after start");
        Assert.Equal(2, federation.Count(GraphActivities.InstallService));
    }

    [Fact]
    public async Task An_install_that_keeps_failing_is_retried_then_reported_with_helms_message()
    {
        var federation = new FakeFederation();
        federation.Fail(GraphActivities.InstallService, times: 100, "helm: Error: INSTALLATION FAILED: chart not found");
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Failed"), "the graph fails", seconds: 40);

        // Two services, four attempts each (1 s, 2 s, 4 s apart).
        Assert.Equal(8, federation.Count(GraphActivities.InstallService));
        Assert.Equal("helm: Error: INSTALLATION FAILED: chart not found", federation.Statuses.Single(s => s.Status == "Failed").Reason);
    }

    [Fact]
    public async Task Grafana_down_is_a_warning_and_the_deploy_goes_on()
    {
        var federation = new FakeFederation();
        federation.Fail(GraphActivities.PublishDashboards, times: 100, "Grafana: publish failed: connection refused");
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs", seconds: 40);

        Assert.Contains(federation.Events, e => e.Kind == "warning" && e.Message.Contains("connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_alert_installs_the_conditional_service_once()
    {
        var federation = new FakeFederation { ServicesToInstall = [["a"]] };
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");

        await host.SendAsync(new GraphCommand(GraphCommandKind.AlertFired, Service: "detector"));
        await host.SendAsync(new GraphCommand(GraphCommandKind.AlertFired, Service: "detector"));
        await host.UntilAsync(f => f.Count(GraphActivities.DeployConditionalService) == 2, "both alerts handled");

        Assert.True(federation.Installed["detector"]);
        Assert.Single(federation.Events, e => e.Kind == "alert");
    }

    [Fact]
    public async Task A_command_raised_during_a_tick_is_handled_after_the_tick()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");
        var ticking = new TaskCompletionSource();
        federation.Scale = _ =>
        {
            ticking.TrySetResult();
            Thread.Sleep(GraphHost.Interval * 2);
            return new ScalingOutcome(true, false, [], "Nothing changes.");
        };

        await ticking.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await host.SendAsync(new GraphCommand(GraphCommandKind.Replace));
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "replaced"), "the re-placement is recorded");

        Assert.Single(federation.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph), p => p.Trigger == PlacementTrigger.Api);
    }

    [Fact]
    public async Task A_load_command_seen_before_the_last_decision_is_already_answered_and_a_later_one_decides()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");

        await host.SendAsync(new GraphCommand(GraphCommandKind.ScaleNow, RequestedAt: DateTime.UtcNow.AddHours(-1)));
        await host.SendAsync(new GraphCommand(GraphCommandKind.ScaleNow, RequestedAt: DateTime.UtcNow.AddHours(1)));
        await host.UntilAsync(f => f.InputsOf<ScalingRequest>(GraphActivities.ScaleGraph).Any(r => r.Trigger == ScalingTrigger.Load), "the later command decides");

        Assert.Single(federation.InputsOf<ScalingRequest>(GraphActivities.ScaleGraph), r => r.Trigger == ScalingTrigger.Load);
        Assert.DoesNotContain(federation.InputsOf<ScalingRequest>(GraphActivities.ScaleGraph), r => r.RequestedAt < DateTime.UtcNow.AddMinutes(-30));
    }

    [Fact]
    public async Task Executing_a_placement_strategy_adopts_it_with_the_weights_then_re_places_within_the_runs_solver_options()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");
        var weights = new Dictionary<string, double> { ["carbon"] = 50 };
        var solver = new SolverOptions(TimeSpan.FromSeconds(3), Workers: 2, Seed: 7);

        await host.SendAsync(new GraphCommand(GraphCommandKind.ExecuteStrategy, Strategy: "energy-aware", Run: new StrategyRun(StrategyKind.Placement, weights, solver)));
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "replaced"), "the re-placement is recorded");

        var adoption = federation.InputsOf<StrategyAdoption>(GraphActivities.AdoptStrategy).Single();
        Assert.Equal(("g", StrategyKind.Placement, "energy-aware", 50.0), (adoption.Graph, adoption.Kind, adoption.Strategy, adoption.Weights!["carbon"]));
        var placement = federation.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph).Single(p => p.Trigger == PlacementTrigger.Strategy);
        Assert.Equal(solver, placement.Solver);
        var order = federation.Calls.Select(c => c.Activity).ToList();
        Assert.True(order.IndexOf(GraphActivities.AdoptStrategy) < order.FindLastIndex(a => a == GraphActivities.PlaceGraph), "adopted before the decision");
    }

    [Fact]
    public async Task Executing_a_scaling_strategy_adopts_it_then_decides_replicas_now_without_a_re_placement()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");
        var asked = DateTime.UtcNow.AddMinutes(-10);

        await host.SendAsync(new GraphCommand(GraphCommandKind.ExecuteStrategy, Strategy: "smo-milp", RequestedAt: asked,
            Run: new StrategyRun(StrategyKind.Scaling, new Dictionary<string, double> { ["utilisation"] = 0.9 })));
        await host.UntilAsync(f => f.InputsOf<ScalingRequest>(GraphActivities.ScaleGraph).Any(r => r.RequestedAt == asked), "the strategy's scaling decision");

        var adoption = federation.InputsOf<StrategyAdoption>(GraphActivities.AdoptStrategy).Single();
        Assert.Equal((StrategyKind.Scaling, "smo-milp", 0.9), (adoption.Kind, adoption.Strategy, adoption.Weights!["utilisation"]));
        Assert.Single(federation.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph), p => p.Trigger == PlacementTrigger.Deploy);
        Assert.DoesNotContain(federation.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph), p => p.Trigger == PlacementTrigger.Strategy);
    }

    [Fact]
    public async Task Infeasible_scaling_re_places_inside_the_workflow_and_upgrades_only_what_moves()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");

        federation.Place = r => new PlacementOutcome(true, r.Trigger == PlacementTrigger.InfeasibleScaling ? ["b"] : [], "Optimal.");
        federation.Scale = _ => new ScalingOutcome(false, true, [], "b needs 9 replicas; member1 holds 4.");
        await host.UntilAsync(f => f.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph).Any(p => p.Trigger == PlacementTrigger.InfeasibleScaling), "a re-placement");
        federation.Scale = _ => new ScalingOutcome(true, false, [], "Nothing changes.");
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "replaced"), "the re-placement is recorded");

        var installs = federation.InputsOf<ServiceRef>(GraphActivities.InstallService).Select(s => s.Service).ToList();
        Assert.Equal(["a", "b", "b"], installs.Order());
    }

    [Fact]
    public async Task Infeasible_scaling_does_not_ask_again_after_a_re_placement_that_moved_nothing_until_the_inventory_changes()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");
        int Replacements(FakeFederation f) => f.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph).Count(p => p.Trigger == PlacementTrigger.InfeasibleScaling);

        // A full cluster: every tick is infeasible, and a re-placement finds nothing better.
        federation.Place = _ => new PlacementOutcome(true, [], "Optimal; nothing moves.");
        federation.Scale = _ => new ScalingOutcome(false, true, [], "member1: Carrying every load needs 10 CPU; the cluster offers 2.5.");
        await host.UntilAsync(f => Replacements(f) == 1, "the first re-placement");
        var ticks = federation.Count(GraphActivities.ScaleGraph);
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= ticks + 5, "five more infeasible ticks");
        Assert.Equal(1, Replacements(federation));

        federation.PlacementAffected = false;
        await host.SendAsync(new GraphCommand(GraphCommandKind.InventoryChanged));
        await host.UntilAsync(f => Replacements(f) == 2, "a re-placement after the inventory changed");
    }

    [Fact]
    public async Task A_tick_that_finds_a_deployment_gone_reinstalls_it_once_and_records_the_repair()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");

        var reported = 0;
        federation.Scale = _ => new ScalingOutcome(true, false, [], "Nothing changes.") { Missing = Interlocked.Increment(ref reported) == 1 ? ["b"] : [] };
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "drift-repaired"), "the repair is recorded");
        await host.UntilAsync(f => Volatile.Read(ref reported) >= 3, "the loop ticks on");

        var installs = federation.InputsOf<ServiceRef>(GraphActivities.InstallService).Select(s => s.Service).ToList();
        Assert.Equal(["a", "b", "b"], installs.Order());
        Assert.Contains("Deployment of b was gone", federation.Events.Single(e => e.Kind == "drift-repaired").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticks_follow_the_interval_the_scaling_tick_reports()
    {
        // smo-original's tick reports its 30 s; an hour here, against the host's 200 ms, so a second tick would show.
        var federation = new FakeFederation { Scale = _ => new ScalingOutcome(true, false, [], "Nothing changes.") { Interval = TimeSpan.FromHours(1) } };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");
        await Task.Delay(GraphHost.Interval * 5);

        Assert.Equal(1, federation.Count(GraphActivities.ScaleGraph));
    }

    [Fact]
    public async Task Stop_uninstalls_and_halts_ticks_start_reinstalls_remove_ends_the_orchestration()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        var id = await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 1, "a tick");

        await host.SendAsync(new GraphCommand(GraphCommandKind.Stop));
        await host.UntilAsync(f => f.Statuses.LastOrDefault()?.Status == "Stopped", "the graph stops");
        var ticksWhenStopped = federation.Count(GraphActivities.ScaleGraph);
        Assert.False(federation.Installed["a"] || federation.Installed["b"]);
        Assert.Equal(1, federation.Count(GraphActivities.RemoveAlertRules));

        await host.SendAsync(new GraphCommand(GraphCommandKind.Replace));
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "ignored"), "re-place is refused while stopped");
        await Task.Delay(GraphHost.Interval * 3);
        Assert.Equal(ticksWhenStopped, federation.Count(GraphActivities.ScaleGraph));

        await host.SendAsync(new GraphCommand(GraphCommandKind.Start));
        await host.UntilAsync(f => f.Statuses.LastOrDefault()?.Status == "Running" && f.Count(GraphActivities.ScaleGraph) > ticksWhenStopped, "it runs and ticks again");
        Assert.True(federation.Installed["a"] && federation.Installed["b"]);

        await host.SendAsync(new GraphCommand(GraphCommandKind.Remove));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, federation.Count(GraphActivities.DeleteGraph));
        Assert.False(federation.Installed["a"] || federation.Installed["b"]);
    }

    [Fact]
    public async Task Remove_deletes_the_dashboards_after_the_uninstalls_and_before_forgetting_the_graph()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        var id = await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");

        await host.SendAsync(new GraphCommand(GraphCommandKind.Remove));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);

        var order = federation.Calls.Select(c => c.Activity)
            .Where(a => a is GraphActivities.RemoveAlertRules or GraphActivities.DeleteDashboards or GraphActivities.DeleteGraph).ToList();
        Assert.Equal([GraphActivities.RemoveAlertRules, GraphActivities.DeleteDashboards, GraphActivities.DeleteGraph], order);
        Assert.Equal(["g"], federation.InputsOf<string>(GraphActivities.DeleteDashboards));
    }

    [Fact]
    public async Task Grafana_down_at_removal_is_a_warning_that_outlives_the_graph_and_the_removal_goes_on()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        var id = await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");
        federation.Fail(GraphActivities.DeleteDashboards, times: 100, "Grafana: delete dashboard smo-g-x failed (Unavailable, HTTP 503)");

        await host.SendAsync(new GraphCommand(GraphCommandKind.Remove));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, federation.Count(GraphActivities.DeleteGraph));
        var warning = Assert.Single(federation.Events, e => e.Kind == "warning");
        Assert.True(warning.OutlivesGraph);
        Assert.Contains("Graph g removed", warning.Message);
        Assert.Contains("HTTP 503", warning.Message);
    }

    [Fact]
    public async Task A_failing_tick_is_recorded_and_the_loop_keeps_ticking()
    {
        var federation = new FakeFederation();
        federation.Fail(GraphActivities.ScaleGraph, times: 2, "Prometheus: query failed: connection refused");
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 4, "ticks after the failure");

        Assert.Contains(federation.Events, e => e.Kind == "warning" && e.Message.Contains("Prometheus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inventory_change_re_places_only_when_the_placement_is_affected()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");

        await host.SendAsync(new GraphCommand(GraphCommandKind.InventoryChanged));
        await host.UntilAsync(f => f.Count(GraphActivities.PlacementAffected) == 1, "the check");
        federation.PlacementAffected = true;
        await host.SendAsync(new GraphCommand(GraphCommandKind.InventoryChanged));
        await host.UntilAsync(f => f.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph).Any(p => p.Trigger == PlacementTrigger.Inventory), "a re-placement");

        Assert.Single(federation.InputsOf<PlacementRequest>(GraphActivities.PlaceGraph), p => p.Trigger == PlacementTrigger.Inventory);
    }
}
