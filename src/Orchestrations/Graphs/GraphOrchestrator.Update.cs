using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    /// <summary>How much of a failure (helm's words included) an update's reason keeps.</summary>
    private const int MaxUpdateReason = 600;

    /// <summary>
    /// Applies a stored version in place: the graph's rows become the version's (placement kept), services it adds are
    /// placed around the others and installed, services whose chart or final values change are upgraded, those it
    /// removes are uninstalled and forgotten (one whose uninstall fails stays, failed, for a stop, a remove or a later
    /// update to uninstall) — nothing else is touched. A stopped graph only has its rows changed
    /// (start installs them). When an install or upgrade fails for good, the update is undone: upgraded releases
    /// roll back to their revisions from before (<c>helm rollback</c>), added ones are uninstalled, the rows return
    /// to the previous version, and the version is failed with the reason, which the graph shows while it runs on.
    /// </summary>
    private static async Task<GraphLifecycle> UpdateAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphCommand command)
    {
        if (command.Version is not { } version)
        {
            return await IgnoreAsync(context, state, "Update ignored: it named no version.");
        }

        if (state.Phase is not (GraphPhase.Running or GraphPhase.Stopped))
        {
            var refused = $"Update to version {version} refused: the graph is {state.Phase.ToString().ToLowerInvariant()}; update a running or stopped graph.";
            await context.CallActivityAsync(GraphUpdateActivities.SettleGraphVersion, new VersionOutcome(state.Graph, version, refused), External);
            return await IgnoreAsync(context, state, refused);
        }

        Report(context, state, "updating");
        GraphUpdatePlan plan;
        try
        {
            plan = await context.CallActivityAsync<GraphUpdatePlan>(GraphUpdateActivities.PlanGraphUpdate, new GraphVersionRef(state.Graph, version), External);
        }
        catch (TaskFailedException planning)
        {
            // Nothing changed yet; a version left pending would hold back every later update.
            var unplanned = Bounded($"Update to version {version} failed before anything changed: {Reason(planning)}");
            await context.CallActivityAsync(GraphUpdateActivities.SettleGraphVersion, new VersionOutcome(state.Graph, version, unplanned), External);
            return await RecordThenAsync(context, state, "update-failed", unplanned);
        }

        if (plan.Refusal is { } notPending)
        {
            return await IgnoreAsync(context, state, $"Update to version {version} ignored: {notPending}");
        }

        var touched = new UpdateProgress();
        if (await ApplyVersionAsync(context, state, plan, touched) is { } failure)
        {
            return await UndoUpdateAsync(context, state, plan, touched, failure);
        }

        await context.CallActivityAsync(GraphUpdateActivities.SettleGraphVersion, new VersionOutcome(state.Graph, version), External);
        await RecordAsync(context, state, "updated", $"Updated to version {version} (from {plan.From}): {plan.Summary}");
        return state;
    }

    /// <summary>The update's steps; the failure that stopped them (a service's install or upgrade, or a step), or null when done.</summary>
    private static async Task<string?> ApplyVersionAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphUpdatePlan plan, UpdateProgress touched)
    {
        var running = state.Phase == GraphPhase.Running;
        try
        {
            await context.CallActivityAsync(GraphUpdateActivities.StoreGraphVersion, new VersionStoreRequest(state.Graph, plan.To), External);
            if (plan.Added.Count > 0)
            {
                Report(context, state, "placing added services");
                var placement = await context.CallActivityAsync<PlacementOutcome>(GraphActivities.PlaceGraph,
                    new PlacementRequest(state.Graph, PlacementTrigger.Update) { KeepPlaced = true }, External);
                if (!placement.Placed)
                {
                    return $"no placement for {string.Join(", ", plan.Added)}: {placement.Reason}";
                }
            }

            if (running && await ReleasesAsync(context, state, plan, touched) is { } releaseFailure)
            {
                return releaseFailure;
            }
        }
        catch (TaskFailedException failure)
        {
            return Reason(failure);
        }

        // The new version is in place: what it removed goes, and a failure here leaves a release behind, not the update undone.
        foreach (var removed in running ? plan.Removed.Where(plan.Fingerprints.ContainsKey) : [])
        {
            try
            {
                await context.CallActivityAsync(GraphActivities.UninstallService, new ServiceRef(state.Graph, removed), External);
            }
            catch (TaskFailedException failure)
            {
                await RecordAsync(context, state, "warning", Bounded(
                    $"Update to version {plan.To}: {removed} was removed from the graph but its release was not uninstalled; it stays listed, Failed, until a stop, a remove or a later update uninstalls it: {Reason(failure)}"));
            }
        }

        try
        {
            await context.CallActivityAsync(GraphUpdateActivities.RemoveServices, new ServicesRef(state.Graph, plan.Removed), External);
            if (running)
            {
                await context.CallActivityAsync(GraphActivities.EnsureAlertRules, state.Graph, External);
            }
        }
        catch (TaskFailedException failure)
        {
            await RecordAsync(context, state, "warning", $"Update to version {plan.To}: the removed services or the alert rules were not brought up to date: {Reason(failure)}");
        }

        if (running && plan.Added.Count > 0)
        {
            await PublishDashboardsAsync(context, state);
        }

        return null;
    }

    /// <summary>
    /// Upgrades the installed services whose chart or values the version changed (all at once), then installs what
    /// should run and does not (the added services, wave by wave in dependency order); the first failures, or null.
    /// </summary>
    private static async Task<string?> ReleasesAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphUpdatePlan plan, UpdateProgress touched)
    {
        // The services the version removes are still stored until it is in place: none of them is upgraded or installed.
        Report(context, state, "upgrading");
        var now = await context.CallActivityAsync<IReadOnlyDictionary<string, string>>(GraphUpdateActivities.ServiceFingerprints, state.Graph, External);
        var upgrades = plan.Fingerprints.Where(before => now.TryGetValue(before.Key, out var after) && after != before.Value)
            .Select(before => before.Key).Except(plan.Removed).Order(StringComparer.Ordinal).ToList();
        if (await InstallTrackedAsync(context, state, upgrades, touched.Upgraded) is { } upgradeFailure)
        {
            return upgradeFailure;
        }

        Report(context, state, "installing");
        var waves = await context.CallActivityAsync<IReadOnlyList<IReadOnlyList<string>>>(GraphActivities.ServicesToInstall, state.Graph, External);
        foreach (var wave in waves)
        {
            if (await InstallTrackedAsync(context, state, [.. wave.Except(upgrades).Except(plan.Removed)], touched.Installed) is { } installFailure)
            {
                return installFailure;
            }
        }

        return null;
    }

    /// <summary><c>helm upgrade --install</c> of each service at once, each noted before it starts; the failures, or null.</summary>
    private static async Task<string?> InstallTrackedAsync(TaskOrchestrationContext context, GraphLifecycle state, IReadOnlyList<string> services, List<string> touched)
    {
        touched.AddRange(services);
        var failures = await Task.WhenAll(services.Select(async service =>
        {
            try
            {
                await context.CallActivityAsync(GraphActivities.InstallService, new ServiceRef(state.Graph, service), External);
                return null;
            }
            catch (TaskFailedException failure)
            {
                return $"{service}: {Reason(failure)}";
            }
        }));
        var failed = failures.OfType<string>().ToList();
        return failed.Count == 0 ? null : string.Join("; ", failed);
    }

    /// <summary>
    /// Undoes a failed update: releases it upgraded back to their revisions from before (a release helm left at its
    /// revision needs nothing), services it installed uninstalled, the rows back to the previous version, the
    /// version failed with why. What cannot be undone is a warning; rows that cannot be restored fail the graph.
    /// </summary>
    private static async Task<GraphLifecycle> UndoUpdateAsync(
        TaskOrchestrationContext context, GraphLifecycle state, GraphUpdatePlan plan, UpdateProgress touched, string failure)
    {
        Report(context, state, "rolling back");
        var reason = Bounded($"Update to version {plan.To} failed and was rolled back to version {plan.From}: {failure}");
        var undone = new List<string>();
        foreach (var service in touched.Upgraded.Where(plan.Revisions.ContainsKey))
        {
            try
            {
                if (await context.CallActivityAsync<bool>(GraphUpdateActivities.RollbackService, new ServiceRevision(state.Graph, service, plan.Revisions[service]), External))
                {
                    undone.Add($"{service} rolled back to revision {plan.Revisions[service]}");
                }
            }
            catch (TaskFailedException rollback)
            {
                await RecordAsync(context, state, "warning", Bounded($"Rollback of {service} to revision {plan.Revisions[service]} failed: {Reason(rollback)}"));
            }
        }

        foreach (var service in touched.Installed.Where(plan.Added.Contains))
        {
            try
            {
                await context.CallActivityAsync(GraphActivities.UninstallService, new ServiceRef(state.Graph, service), External);
                undone.Add($"{service} uninstalled");
            }
            catch (TaskFailedException uninstall)
            {
                await RecordAsync(context, state, "warning", Bounded(
                    $"{service}, added by the failed update, was not uninstalled; it stays listed, Failed, until a stop, a remove or a later update uninstalls it: {Reason(uninstall)}"));
            }
        }

        try
        {
            await context.CallActivityAsync(GraphUpdateActivities.StoreGraphVersion, new VersionStoreRequest(state.Graph, plan.From, Restore: true), External);
        }
        catch (TaskFailedException restore)
        {
            await context.CallActivityAsync(GraphUpdateActivities.SettleGraphVersion, new VersionOutcome(state.Graph, plan.To, reason), External);
            return await FailAsync(context, state, Bounded($"{reason}; the graph's version {plan.From} could not be stored again: {Reason(restore)}"));
        }

        await context.CallActivityAsync(GraphUpdateActivities.SettleGraphVersion, new VersionOutcome(state.Graph, plan.To, reason), External);
        await RecordAsync(context, state, "update-failed", undone.Count == 0 ? reason : $"{reason} ({string.Join(", ", undone)})");
        return state;
    }

    private static string Bounded(string text) => text.Length <= MaxUpdateReason ? text : text[..MaxUpdateReason] + "…";

    /// <summary>The services an update has upgraded and installed so far (started counts: a failed one may be half-applied).</summary>
    private sealed class UpdateProgress
    {
        public List<string> Upgraded { get; } = [];

        public List<string> Installed { get; } = [];
    }
}
