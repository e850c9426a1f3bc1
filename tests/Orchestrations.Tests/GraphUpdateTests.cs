using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>An update in place as the graph's orchestration applies it, over the fake federation.</summary>
public sealed class GraphUpdateTests
{
    [Fact]
    public async Task Update_neither_upgrades_nor_installs_the_services_the_version_removes_and_uninstalls_those_installed()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");
        var installsBefore = federation.Count(GraphActivities.InstallService);
        // "failed" is a removed service that failed (stored until the update is in place, so still listed to install), "waiting" one never installed.
        federation.ServicesToInstall = [["c", "failed", "waiting"]];
        federation.UpdatePlan = new GraphUpdatePlan(1, 2, ["c"], ["b", "failed", "waiting"],
            new Dictionary<string, string> { ["a"] = "a1", ["b"] = "b1", ["failed"] = "f1" }, new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 }, "Added c.");
        federation.FingerprintsNow = () => new Dictionary<string, string> { ["a"] = "a1", ["b"] = "b2", ["failed"] = "f2" };

        await host.SendAsync(new GraphCommand(GraphCommandKind.Update, Version: 2));
        await host.UntilAsync(f => f.Count(GraphUpdateActivities.SettleGraphVersion) == 1, "the version is settled");

        Assert.Equal(["c"], federation.InputsOf<ServiceRef>(GraphActivities.InstallService).Skip(installsBefore).Select(s => s.Service));
        Assert.Equal(["b", "failed"], federation.InputsOf<ServiceRef>(GraphActivities.UninstallService).Select(s => s.Service));
        Assert.Equal(["b", "failed", "waiting"], federation.InputsOf<ServicesRef>(GraphUpdateActivities.RemoveServices).Single().Services);
        Assert.Null(federation.InputsOf<VersionOutcome>(GraphUpdateActivities.SettleGraphVersion).Single().FailureReason);
    }

    [Fact]
    public async Task Update_whose_uninstall_of_a_removed_service_fails_is_applied_and_says_the_service_stays_failed()
    {
        var federation = new FakeFederation();
        await using var host = await GraphHost.StartAsync(federation);
        await host.DeployAsync();
        await host.UntilAsync(f => f.Statuses.Any(s => s.Status == "Running"), "the graph runs");
        federation.ServicesToInstall = [];
        federation.UpdatePlan = new GraphUpdatePlan(1, 2, [], ["b"], new Dictionary<string, string> { ["a"] = "a1", ["b"] = "b1" },
            new Dictionary<string, int>(), "Removed b.");
        federation.Fail(GraphActivities.UninstallService, times: 100, "helm: Error: uninstall: timed out");

        await host.SendAsync(new GraphCommand(GraphCommandKind.Update, Version: 2));
        await host.UntilAsync(f => f.Count(GraphUpdateActivities.SettleGraphVersion) == 1, "the version is settled", seconds: 40);

        Assert.Null(federation.InputsOf<VersionOutcome>(GraphUpdateActivities.SettleGraphVersion).Single().FailureReason);
        var warning = Assert.Single(federation.Events, e => e.Kind == "warning");
        Assert.Contains("b was removed from the graph but its release was not uninstalled; it stays listed, Failed", warning.Message, StringComparison.Ordinal);
        Assert.Contains("timed out", warning.Message, StringComparison.Ordinal);
    }
}
