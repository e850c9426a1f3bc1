using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>
/// A conditional service whose descriptor asks for it is uninstalled once its alerts have stayed resolved for its
/// delay: the orchestration follows each alert, a new firing within the delay cancels the uninstall, and a
/// service without a delay is never followed.
/// </summary>
public sealed class ConditionalUninstallTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task A_conditional_service_whose_alert_stays_resolved_is_uninstalled_after_its_delay()
    {
        await using var host = await RunningAsync();
        await host.SendAsync(Fired("f1"));
        await host.UntilAsync(f => f.Installed.GetValueOrDefault("detector"), "the service is installed");

        await host.SendAsync(Resolved("f1"));
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "uninstalled"), "the uninstall is recorded");

        Assert.False(host.Federation.Installed["detector"]);
        Assert.Equal("Conditional service detector uninstalled: its alerts resolved for 600ms.", host.Federation.Events.Single(e => e.Kind == "uninstalled").Message);
        Assert.Single(host.Federation.Events, e => e.Kind == "uninstall-scheduled");
    }

    [Fact]
    public async Task An_alert_firing_again_within_the_delay_cancels_the_uninstall()
    {
        await using var host = await RunningAsync();
        await host.SendAsync(Fired("f1"));
        await host.UntilAsync(f => f.Installed.GetValueOrDefault("detector"), "the service is installed");

        await host.SendAsync(Resolved("f1"));
        await host.SendAsync(Fired("f1"));
        await host.UntilAsync(f => f.Events.Any(e => e.Kind == "uninstall-cancelled"), "the uninstall is cancelled");
        await Task.Delay(Delay * 3);

        Assert.Equal(0, host.Federation.Count(GraphActivities.UninstallConditionalService));
        Assert.True(host.Federation.Installed["detector"]);
    }

    [Fact]
    public async Task A_service_is_uninstalled_only_once_every_one_of_its_alerts_has_resolved()
    {
        await using var host = await RunningAsync();
        await host.SendAsync(Fired("f1"));
        await host.SendAsync(Fired("f2"));
        await host.UntilAsync(f => f.Count(GraphActivities.DeployConditionalService) == 2, "both firings handled");

        await host.SendAsync(Resolved("f1"));
        await Task.Delay(Delay * 3);
        var whileOneFires = host.Federation.Count(GraphActivities.UninstallConditionalService);
        await host.SendAsync(Resolved("f2"));
        await host.UntilAsync(f => f.Count(GraphActivities.UninstallConditionalService) == 1, "the uninstall after the last resolution");

        Assert.Equal(0, whileOneFires);
        Assert.False(host.Federation.Installed["detector"]);
    }

    [Fact]
    public async Task A_resolution_without_a_delay_uninstalls_nothing()
    {
        await using var host = await RunningAsync();
        await host.SendAsync(Fired("f1") with { UninstallAfter = null });
        await host.UntilAsync(f => f.Installed.GetValueOrDefault("detector"), "the service is installed");

        await host.SendAsync(Resolved("f1") with { UninstallAfter = null });
        await host.UntilAsync(f => f.Calls.Count(c => c.Activity == GraphActivities.ScaleGraph) >= 5, "a few ticks");

        Assert.Equal(0, host.Federation.Count(GraphActivities.UninstallConditionalService));
        Assert.DoesNotContain(host.Federation.Events, e => e.Kind.StartsWith("uninstall", StringComparison.Ordinal));
    }

    [Fact]
    public void Fired_stops_following_a_service_whose_alerts_are_too_many_and_its_uninstall_never_comes_due()
    {
        var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        IReadOnlyList<ConditionalUninstall> uninstalls = [];
        var untracked = 0;
        for (var i = 0; i <= ConditionalUninstalls.MaxFollowedAlerts; i++)
        {
            var fired = ConditionalUninstalls.Fired(uninstalls, "detector", $"f{i}", Delay);
            uninstalls = fired.Uninstalls;
            untracked += fired.NowUntracked ? 1 : 0;
        }

        for (var i = 0; i < ConditionalUninstalls.MaxFollowedAlerts; i++)
        {
            uninstalls = ConditionalUninstalls.Resolved(uninstalls, "detector", $"f{i}", Delay, now).Uninstalls;
        }

        Assert.Equal(1, untracked);
        Assert.Empty(Assert.Single(uninstalls).Firing);
        Assert.Null(ConditionalUninstalls.NextDue(uninstalls));
    }

    private static GraphCommand Fired(string alert) => new(GraphCommandKind.AlertFired, Service: "detector", Alert: alert, UninstallAfter: Delay);

    private static GraphCommand Resolved(string alert) => new(GraphCommandKind.AlertResolved, Service: "detector", Alert: alert, UninstallAfter: Delay);

    private static async Task<GraphHost> RunningAsync()
    {
        var host = await GraphHost.StartAsync(new FakeFederation { ServicesToInstall = [["a"]] });
        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");
        return host;
    }
}
