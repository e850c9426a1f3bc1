using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    /// <summary>
    /// A scaling tick: decide and apply replicas, and re-place inside the workflow — sized by the load the tick
    /// measured — when the current placement cannot carry the load or run the services (the original made an HTTP
    /// call to itself, sized by the replicas of the moment). The next tick keeps the schedule; missed
    /// ticks (a long re-placement, a host down) are skipped, not bunched.
    /// </summary>
    private static async Task<GraphLifecycle> TickAsync(TaskOrchestrationContext context, GraphLifecycle state, DateTime dueAt)
    {
        state = await ScaleAsync(context, state, new ScalingRequest(state.Graph, dueAt));
        var now = context.CurrentUtcDateTime;
        var next = (state.NextTickAt ?? now) + state.ScalingInterval;
        return state with { Ticks = state.Ticks + 1, NextTickAt = next > now ? next : now + state.ScalingInterval };
    }

    private static async Task<GraphLifecycle> ScaleAsync(TaskOrchestrationContext context, GraphLifecycle state, ScalingRequest request)
    {
        Report(context, state, "scaling");
        state = state with { ScaledAt = context.CurrentUtcDateTime };
        try
        {
            var outcome = await context.CallActivityAsync<ScalingOutcome>(GraphActivities.ScaleGraph, request, Tick);
            if (outcome.Missing.Count > 0)
            {
                await RepairMissingAsync(context, state, outcome.Missing);
            }

            if (outcome.NeedsReplacement && !(context.CurrentUtcDateTime < state.ReplaceAgainAt))
            {
                await RecordAsync(context, state, outcome.Overloaded ? "overloaded" : "infeasible-scaling", outcome.Reason);
                var moved = await ReplaceAsync(context, state, PlacementTrigger.InfeasibleScaling, sizing: outcome.Sizing);
                return state with { ReplaceAgainAt = moved ? null : context.CurrentUtcDateTime + state.FutileReplacementPause };
            }
        }
        catch (TaskFailedException failure)
        {
            // The loop must outlive a Prometheus or Karmada outage: record it, and the next tick tries again.
            await RecordAsync(context, state, "warning", $"Scaling tick failed: {Reason(failure)}");
        }

        return state;
    }

    /// <summary>
    /// Drift repair: an installed service whose Deployment was deleted outside Smo is installed again (helm upgrade
    /// recreates it), and the repair is recorded; the next tick scales it like any other.
    /// </summary>
    private static async Task RepairMissingAsync(TaskOrchestrationContext context, GraphLifecycle state, IReadOnlyList<string> missing)
    {
        await InstallEachAsync(context, state, missing);
        await RecordAsync(context, state, "drift-repaired",
            $"The Deployment of {string.Join(", ", missing)} was gone from Karmada (deleted outside Smo); reinstalled.");
    }
}
