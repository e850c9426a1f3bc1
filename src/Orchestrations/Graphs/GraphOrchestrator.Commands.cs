using Microsoft.DurableTask;
using Smo.Solver.Placement;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    /// <summary>Handles one command; returns the next state, or null when the graph has been removed.</summary>
    private static async Task<GraphLifecycle?> HandleAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphCommand command)
    {
        Report(context, state, command.Kind.ToString());
        try
        {
            state = await FollowAlertAsync(context, state, command);
            return command.Kind switch
            {
                GraphCommandKind.AlertFired => await WhenRunningAsync(context, state, command, () => AlertFiredAsync(context, state, command.Service)),
                GraphCommandKind.AlertResolved => state,
                GraphCommandKind.Replace => await WhenRunningAsync(context, state, command, () => ReplaceAsync(context, state, PlacementTrigger.Api)),
                GraphCommandKind.ExecuteStrategy => await WhenRunningAsync(context, state, command, () => ExecuteStrategyAsync(context, state, command)),
                // Seen before the last decision was asked for, which read the rates after it: answered already.
                GraphCommandKind.ScaleNow when command.RequestedAt <= state.ScaledAt => state,
                GraphCommandKind.ScaleNow => await WhenRunningAsync(context, state, command, () => ScaleAsync(context, state,
                    new ScalingRequest(state.Graph, command.RequestedAt ?? context.CurrentUtcDateTime, ScalingTrigger.Load))),
                GraphCommandKind.PolicyFired => await WhenRunningAsync(context, state, command, () => PolicyFiredAsync(context, state, command)),
                GraphCommandKind.InventoryChanged => await WhenRunningAsync(context, state, command, async () =>
                    // New capacity: infeasible scaling may ask again.
                    (await CheckClustersAsync(context, state, changed: true)) with { ReplaceAgainAt = null }),
                GraphCommandKind.CarbonChanged => await WhenRunningAsync(context, state, command,
                    () => ReplaceAsync(context, state, PlacementTrigger.Carbon, cause: command.Reason)),
                GraphCommandKind.Update => await UpdateAsync(context, state, command),
                GraphCommandKind.Stop => await StopAsync(context, state),
                GraphCommandKind.Start => await StartAsync(context, state),
                GraphCommandKind.Remove => await RemoveAsync(context, state),
                _ => await IgnoreAsync(context, state, $"Unknown command {command.Kind}."),
            };
        }
        catch (TaskFailedException failure)
        {
            // Stop, start and remove leave the graph in no known state when a step fails for good: say so, and let
            // the user retry. The other commands only failed to change a running graph, which keeps running.
            return command.Kind is GraphCommandKind.Stop or GraphCommandKind.Start or GraphCommandKind.Remove
                ? await FailAsync(context, state, $"{command.Kind} failed: {Reason(failure)}")
                : await RecordThenAsync(context, state, "error", $"{command.Kind} failed: {Reason(failure)}");
        }
    }

    /// <summary>Commands that change a running graph are recorded and skipped otherwise.</summary>
    private static Task<GraphLifecycle> WhenRunningAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphCommand command, Func<Task> run) =>
        WhenRunningAsync(context, state, command, async () =>
        {
            await run();
            return state;
        });

    private static async Task<GraphLifecycle> WhenRunningAsync(
        TaskOrchestrationContext context, GraphLifecycle state, GraphCommand command, Func<Task<GraphLifecycle>> run) =>
        state.Phase == GraphPhase.Running
            ? await run()
            : await IgnoreAsync(context, state, $"{command.Kind} ignored: the graph is {state.Phase.ToString().ToLowerInvariant()}.");

    /// <summary>Installs a conditional service once; the activity recognises repeats of the same alert.</summary>
    private static async Task AlertFiredAsync(TaskOrchestrationContext context, GraphLifecycle state, string? service)
    {
        if (service is null)
        {
            await RecordAsync(context, state, "warning", "An alert named no service; nothing to deploy.");
            return;
        }

        if (await context.CallActivityAsync<bool>(GraphActivities.DeployConditionalService, new ServiceRef(state.Graph, service), External))
        {
            await RecordAsync(context, state, "alert", $"Alert fired: {service} installed.");
        }
    }

    /// <summary>Moves a policy's service as the policy says, through a re-placement (repeats are recognised by the webhook).</summary>
    private static async Task PolicyFiredAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphCommand command)
    {
        if (command.Service is null || command.Policy is null)
        {
            await RecordAsync(context, state, "warning", "A policy alert named no service or policy; nothing to do.");
            return;
        }

        await ReplaceAsync(context, state, PlacementTrigger.Policy, new PolicyRef(command.Service, command.Policy));
    }

    /// <summary>
    /// The graph adopts the strategy (and the run's weights), then decides with it now: a placement strategy re-places
    /// within the run's solver options, a scaling strategy decides replicas as a tick does.
    /// </summary>
    private static async Task<GraphLifecycle> ExecuteStrategyAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphCommand command)
    {
        if (command.Strategy is null)
        {
            return await IgnoreAsync(context, state, "ExecuteStrategy ignored: it named no strategy.");
        }

        var run = command.Run ?? new StrategyRun(StrategyKind.Placement);
        await context.CallActivityAsync(GraphActivities.AdoptStrategy, new StrategyAdoption(state.Graph, run.Kind, command.Strategy, run.Weights), External);
        if (run.Kind == StrategyKind.Scaling)
        {
            return await ScaleAsync(context, state, new ScalingRequest(state.Graph, command.RequestedAt ?? context.CurrentUtcDateTime));
        }

        await ReplaceAsync(context, state, PlacementTrigger.Strategy, solver: run.Solver);
        return state;
    }

    /// <summary>
    /// Decides the placement again and upgrades only the services that move; true when any moved. A carbon-triggered
    /// re-placement is recorded as <c>reoptimised</c>, after <paramref name="cause"/> (what changed).
    /// </summary>
    private static async Task<bool> ReplaceAsync(
        TaskOrchestrationContext context, GraphLifecycle state, PlacementTrigger trigger, PolicyRef? policy = null, SolverOptions? solver = null,
        IReadOnlyDictionary<string, ServiceSizing>? sizing = null, string? cause = null) =>
        (await PlaceAsync(context, state, trigger, policy, solver, sizing, cause)).Moved.Count > 0;

    /// <summary><see cref="ReplaceAsync"/>, answering the placement's outcome: what moved, and what it left on failed clusters.</summary>
    private static async Task<PlacementOutcome> PlaceAsync(
        TaskOrchestrationContext context, GraphLifecycle state, PlacementTrigger trigger, PolicyRef? policy = null, SolverOptions? solver = null,
        IReadOnlyDictionary<string, ServiceSizing>? sizing = null, string? cause = null)
    {
        var request = new PlacementRequest(state.Graph, trigger, policy, solver) { Sizing = sizing };
        var placement = await context.CallActivityAsync<PlacementOutcome>(GraphActivities.PlaceGraph, request, External);
        if (!placement.Placed)
        {
            await RecordAsync(context, state, "warning", $"Re-placement ({trigger}) found no placement: {placement.Reason}");
            return placement with { Moved = [] };
        }

        await InstallEachAsync(context, state, placement.Moved);
        var prefix = cause is null ? "" : $"{cause} ";
        await RecordAsync(context, state, trigger == PlacementTrigger.Carbon ? "reoptimised" : "replaced", placement.Moved.Count == 0
            ? $"{prefix}Re-placement ({trigger}): nothing moves. {placement.Reason}"
            : $"{prefix}Re-placement ({trigger}): moved {string.Join(", ", placement.Moved)}. {placement.Reason}");
        return placement;
    }

    private static async Task<GraphLifecycle> StopAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        if (state.Phase is GraphPhase.Stopped)
        {
            return await IgnoreAsync(context, state, "Stop ignored: the graph is already stopped.");
        }

        await SetStatusAsync(context, state, "Stopping");
        await UninstallAllAsync(context, state);
        await SetStatusAsync(context, state, "Stopped");
        await RecordAsync(context, state, "stopped", "Stopped: services uninstalled, alert rules removed.");
        return state with { Phase = GraphPhase.Stopped, NextTickAt = null, Degraded = null, RecoverAgainAt = null };
    }

    private static async Task<GraphLifecycle> StartAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        switch (state.Phase)
        {
            case GraphPhase.Running:
                return await IgnoreAsync(context, state, "Start ignored: the graph is already running.");
            case GraphPhase.Failed:
                // A failed deploy (or a failed stop) starts over: every deploy step is idempotent.
                await SetStatusAsync(context, state, "Deploying");
                return await DeployAsync(context, state with { Phase = GraphPhase.Deploying });
        }

        await SetStatusAsync(context, state, "Starting");
        await context.CallActivityAsync(GraphActivities.EnsureAlertRules, state.Graph, External);
        await InstallAsync(context, state);
        await SetStatusAsync(context, state, "Running");
        await RecordAsync(context, state, "started", "Started: services reinstalled, alert rules back.");
        return state with { Phase = GraphPhase.Running, NextTickAt = context.CurrentUtcDateTime + state.ScalingInterval };
    }

    /// <summary>Uninstalls, removes rules and dashboards, deletes the graph; null ends the orchestration.</summary>
    private static async Task<GraphLifecycle?> RemoveAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        await SetStatusAsync(context, state, "Removing");
        await UninstallAllAsync(context, state);
        await DeleteDashboardsAsync(context, state);
        await context.CallActivityAsync(GraphActivities.DeleteGraph, state.Graph, External);
        return null;
    }

    /// <summary>
    /// Like publishing, best effort: Grafana being down must not keep a graph from going. The warning is the
    /// federation's, since the graph's own events go with the graph a moment later.
    /// </summary>
    private static async Task DeleteDashboardsAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        Report(context, state, "dashboards");
        try
        {
            await context.CallActivityAsync(GraphActivities.DeleteDashboards, state.Graph, External);
        }
        catch (TaskFailedException failure)
        {
            await context.CallActivityAsync(GraphActivities.RecordGraphEvent, new GraphEvent(state.Graph, "warning",
                $"Graph {state.Graph} removed with its dashboards left in Grafana: {Reason(failure)}", OutlivesGraph: true));
        }
    }

    private static async Task UninstallAllAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        var installed = await context.CallActivityAsync<IReadOnlyList<string>>(GraphActivities.InstalledServices, state.Graph);
        await Task.WhenAll(installed.Select(service =>
            context.CallActivityAsync(GraphActivities.UninstallService, new ServiceRef(state.Graph, service), External)));
        await context.CallActivityAsync(GraphActivities.RemoveAlertRules, state.Graph, External);
    }

    private static Task<GraphLifecycle> IgnoreAsync(TaskOrchestrationContext context, GraphLifecycle state, string message) =>
        RecordThenAsync(context, state, "ignored", message);

    private static async Task<GraphLifecycle> RecordThenAsync(TaskOrchestrationContext context, GraphLifecycle state, string kind, string message)
    {
        await RecordAsync(context, state, kind, message);
        return state;
    }
}
