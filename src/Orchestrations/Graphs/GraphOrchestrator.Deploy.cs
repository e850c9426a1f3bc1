using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    /// <summary>
    /// Placement (static placement honoured by the activity) → alert rules for event-triggered services (left
    /// Pending) → dashboards → installs, each step retried; a step that still fails leaves the graph Failed with
    /// its reason, waiting for start (deploy again) or remove.
    /// </summary>
    private static async Task<GraphLifecycle> DeployAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        try
        {
            Report(context, state, "placing");
            var placement = await context.CallActivityAsync<PlacementOutcome>(
                GraphActivities.PlaceGraph, new PlacementRequest(state.Graph, PlacementTrigger.Deploy), External);
            if (!placement.Placed)
            {
                return await FailAsync(context, state, $"No placement: {placement.Reason}");
            }

            Report(context, state, "alert rules");
            await context.CallActivityAsync(GraphActivities.EnsureAlertRules, state.Graph, External);
            await PublishDashboardsAsync(context, state);
            Report(context, state, "installing");
            await InstallAsync(context, state);
        }
        catch (TaskFailedException failure)
        {
            return await FailAsync(context, state, Reason(failure));
        }

        await SetStatusAsync(context, state, "Running");
        await RecordAsync(context, state, "deployed", "Deployed: placed, rules and dashboards in place, services installed.");
        return state with { Phase = GraphPhase.Running, NextTickAt = context.CurrentUtcDateTime + state.ScalingInterval };
    }

    /// <summary>Installs what should run now: wave after wave in dependency order, each wave's services at once.</summary>
    private static async Task InstallAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        var waves = await context.CallActivityAsync<IReadOnlyList<IReadOnlyList<string>>>(GraphActivities.ServicesToInstall, state.Graph);
        foreach (var wave in waves)
        {
            await InstallEachAsync(context, state, wave);
        }
    }

    /// <summary>helm upgrade --install of each service at once (installs, moves, reinstalls), each with its retries.</summary>
    private static Task InstallEachAsync(TaskOrchestrationContext context, GraphLifecycle state, IEnumerable<string> services) =>
        Task.WhenAll(services.Select(service =>
            context.CallActivityAsync(GraphActivities.InstallService, new ServiceRef(state.Graph, service), External)));

    /// <summary>Dashboards help people, not the graph: Grafana being down is recorded, and the deploy goes on.</summary>
    private static async Task PublishDashboardsAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        Report(context, state, "dashboards");
        try
        {
            await context.CallActivityAsync(GraphActivities.PublishDashboards, state.Graph, External);
        }
        catch (TaskFailedException failure)
        {
            await RecordAsync(context, state, "warning", $"Dashboards not published: {Reason(failure)}");
        }
    }

    private static async Task<GraphLifecycle> FailAsync(TaskOrchestrationContext context, GraphLifecycle state, string reason)
    {
        await SetStatusAsync(context, state, "Failed", reason);
        await RecordAsync(context, state, "failed", reason);
        return state with { Phase = GraphPhase.Failed, NextTickAt = null, Degraded = null, RecoverAgainAt = null };
    }
}
