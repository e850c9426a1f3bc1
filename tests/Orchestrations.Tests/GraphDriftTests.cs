using System.Collections.Concurrent;
using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>Drift in the graph's orchestration: when it is checked, how what a check or a tick finds is repaired and recorded.</summary>
public sealed class GraphDriftTests
{
    [Fact]
    public async Task A_drift_check_runs_on_the_first_tick_and_not_again_before_its_interval_has_passed()
    {
        var federation = new FakeFederation { Drift = _ => Clean(TimeSpan.FromHours(1)) };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 6, "six ticks");

        Assert.Equal(1, federation.Count(GraphActivities.CheckDrift));
        var calls = federation.Calls.Select(c => c.Activity).ToList();
        Assert.Equal(GraphActivities.ScaleGraph, calls[calls.IndexOf(GraphActivities.CheckDrift) - 1]);
    }

    [Fact]
    public async Task A_drift_check_interval_of_zero_checks_on_every_tick()
    {
        var federation = new FakeFederation { Drift = _ => Clean(TimeSpan.Zero) };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= 5, "five ticks");

        Assert.InRange(federation.Count(GraphActivities.CheckDrift), federation.Count(GraphActivities.ScaleGraph) - 1, federation.Count(GraphActivities.ScaleGraph));
    }

    [Fact]
    public async Task A_drift_check_comes_again_on_a_tick_once_its_interval_has_passed_and_ticks_in_between_do_not_check()
    {
        var interval = TimeSpan.FromSeconds(1);
        var checks = new ConcurrentQueue<(DateTime At, int Ticks)>();
        var federation = new FakeFederation();
        federation.Drift = _ =>
        {
            checks.Enqueue((DateTime.UtcNow, federation.Count(GraphActivities.ScaleGraph)));
            return Clean(interval);
        };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(_ => checks.Count >= 3, "three checks", seconds: 30);

        var (first, second, third) = (checks.ElementAt(0), checks.ElementAt(1), checks.ElementAt(2));
        // The orchestration's clock is the time of its history events, a little behind the wall clock the fake reads.
        Assert.True(second.At - first.At >= interval - TimeSpan.FromMilliseconds(100), $"checks {second.At - first.At} apart");
        Assert.True(third.At - second.At >= interval - TimeSpan.FromMilliseconds(100), $"checks {third.At - second.At} apart");
        Assert.True(third.Ticks - first.Ticks > 2, $"{third.Ticks - first.Ticks} ticks for two checks");
    }

    [Fact]
    public async Task Drift_a_check_finds_is_repaired_service_by_service_and_each_repair_recorded()
    {
        var federation = new FakeFederation();
        var reports = 0;
        federation.Drift = _ => Interlocked.Increment(ref reports) == 1
            ? new DriftReport(
                [
                    new ServiceDrift("a", DriftKind.ReleaseMissing, "the Helm release g-a of a was gone (uninstalled outside Smo)"),
                    new ServiceDrift("b", DriftKind.ReleaseChanged, "the Helm release g-b of b was at revision 3 (deployed), not at 1 as Smo's last install left it (changed outside Smo)"),
                    new ServiceDrift("b", DriftKind.Misplaced, "Karmada had scheduled b on member2, not on its placement member1 (its ResourceBinding)"),
                ],
                "alert rules g/a/busy were missing from the graph's PrometheusRule smo-g",
                [],
                TimeSpan.FromHours(1))
            : Clean(TimeSpan.FromHours(1));
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Events.Count(e => e.Kind == "drift-repaired") == 3, "three repairs recorded");

        Assert.Equal(["a", "a", "b", "b"], federation.InputsOf<ServiceRef>(GraphActivities.InstallService).Select(s => s.Service).Order());
        Assert.Equal(2, federation.Count(GraphActivities.EnsureAlertRules));
        var repairs = federation.Events.Where(e => e.Kind == "drift-repaired").Select(e => e.Message).ToList();
        Assert.Contains("The Helm release g-a of a was gone (uninstalled outside Smo); reinstalled with Smo's Helm values.", repairs);
        Assert.Contains("The Helm release g-b of b was at revision 3 (deployed), not at 1 as Smo's last install left it (changed outside Smo); "
                        + "Karmada had scheduled b on member2, not on its placement member1 (its ResourceBinding); upgraded back to Smo's Helm values.", repairs);
        Assert.Contains("Alert rules g/a/busy were missing from the graph's PrometheusRule smo-g; written again.", repairs);
    }

    [Fact]
    public async Task A_deployment_a_tick_finds_gone_is_checked_at_once_and_the_repair_says_its_release_went_with_it()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Count(GraphActivities.CheckDrift) == 1, "the first tick's check");

        var reported = 0;
        federation.Scale = _ => new ScalingOutcome(true, false, [], "Nothing changes.") { Missing = Interlocked.Increment(ref reported) == 1 ? ["b"] : [] };
        federation.Drift = _ => new DriftReport([new ServiceDrift("b", DriftKind.ReleaseMissing, "the Helm release g-b of b was gone (uninstalled outside Smo)")], null, [], TimeSpan.FromHours(1));
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "drift-repaired"), "the repair is recorded");

        Assert.Equal(2, federation.Count(GraphActivities.CheckDrift));
        Assert.Equal(["a", "b", "b"], federation.InputsOf<ServiceRef>(GraphActivities.InstallService).Select(s => s.Service).Order());
        Assert.Equal("The Deployment of b was gone from Karmada (deleted outside Smo); the Helm release g-b of b was gone (uninstalled outside Smo); reinstalled with Smo's Helm values.",
            federation.Events.Single(e => e.Kind == "drift-repaired").Message);
    }

    [Fact]
    public async Task A_repair_that_keeps_failing_is_a_warning_and_the_loop_ticks_on()
    {
        var federation = new FakeFederation();
        federation.Drift = _ =>
        {
            // Helm fails from here on, for the four tries of the repair.
            federation.Fail(GraphActivities.InstallService, times: 4, "Helm: upgrade --install g-b in namespace p failed: connection refused");
            federation.Drift = _ => Clean(TimeSpan.FromHours(1));
            return new DriftReport([new ServiceDrift("b", DriftKind.ReleaseMissing, "the Helm release g-b of b was gone (uninstalled outside Smo)")], null, [], TimeSpan.FromHours(1));
        };
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();

        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "warning"), "the failed repair is a warning", seconds: 40);
        var ticks = federation.Count(GraphActivities.ScaleGraph);
        await host.UntilAsync(f => f.Count(GraphActivities.ScaleGraph) >= ticks + 2, "the loop ticks on");

        Assert.StartsWith("The Helm release g-b of b was gone (uninstalled outside Smo); not repaired: Helm: upgrade --install g-b in namespace p failed",
            federation.Events.First(e => e.Kind == "warning").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_that_could_not_be_made_is_a_warning_and_what_the_other_checks_found_is_repaired()
    {
        var federation = new FakeFederation
        {
            Drift = _ => new DriftReport([new ServiceDrift("a", DriftKind.Misplaced, "Karmada had scheduled a on member2, not on its placement member1 (its ResourceBinding)")],
                null, ["Helm releases: Helm: list the releases of namespace p failed: connection refused"], TimeSpan.FromHours(1)),
        };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "warning") && f.Events.Any(e => e.Kind == "drift-repaired"), "a warning and a repair");

        Assert.Equal("Drift not checked: Helm releases: Helm: list the releases of namespace p failed: connection refused", federation.Events.Single(e => e.Kind == "warning").Message);
        Assert.Equal("Karmada had scheduled a on member2, not on its placement member1 (its ResourceBinding); Smo's Helm values applied again (helm upgrade), which puts it back on its placement.",
            federation.Events.Single(e => e.Kind == "drift-repaired").Message);
    }

    [Fact]
    public async Task Replicas_changed_outside_smo_are_recorded_as_the_tick_found_and_decided_them()
    {
        var federation = new FakeFederation();
        var reported = 0;
        federation.Scale = _ => new ScalingOutcome(true, false, ["a"], "member1: Optimal.")
        {
            ReplicasDrifted = Interlocked.Increment(ref reported) == 1 ? [new ReplicaDrift("a", 2, 7, 3), new ReplicaDrift("b", 1, 4, 4)] : [],
        };
        await using var host = await GraphHost.StartAsync(federation);

        await host.DeployAsync();
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "drift-repaired"), "the drift is recorded");

        Assert.Equal("Replicas of a were changed outside Smo: Smo decided 2, Karmada had 7; decided anew: 3. "
                     + "Replicas of b were changed outside Smo: Smo decided 1, Karmada had 4; decided anew: 4.",
            federation.Events.Single(e => e.Kind == "drift-repaired").Message);
        Assert.Equal(2, federation.Count(GraphActivities.InstallService));
    }

    private static DriftReport Clean(TimeSpan interval) => new([], null, [], interval);
}
