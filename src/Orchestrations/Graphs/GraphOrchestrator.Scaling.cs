using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    /// <summary>
    /// A scaling tick: decide and apply replicas, and re-place inside the workflow — sized by the load the tick
    /// measured — when the current placement cannot carry the load or run the services (the original made an HTTP
    /// call to itself, sized by the replicas of the moment). The next tick keeps the schedule — at the interval the
    /// tick reported, the scaling strategy's own or the graph's (<see cref="ScalingOutcome.Interval"/>); missed
    /// ticks (a long re-placement, a host down) are skipped, not bunched. Drift the tick cannot see is checked on
    /// the ticks its interval allows (<see cref="GraphLifecycle.DriftCheckDue"/>).
    /// </summary>
    private static async Task<GraphLifecycle> TickAsync(TaskOrchestrationContext context, GraphLifecycle state, DateTime dueAt)
    {
        var checkedAt = state.DriftCheckedAt;
        state = await ScaleAsync(context, state, new ScalingRequest(state.Graph, dueAt));
        // Not twice in one tick: a Deployment found gone has had the tick check already.
        if (state.DriftCheckedAt == checkedAt && state.DriftCheckDue(context.CurrentUtcDateTime))
        {
            state = await CheckDriftAsync(context, state, missingDeployments: []);
        }

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
            // The strategy may keep a schedule of its own; from now on the ticks follow it.
            state = state with { ScalingInterval = outcome.Interval ?? state.ScalingInterval };
            if (outcome.ReplicasDrifted.Count > 0)
            {
                await RecordReplicaDriftAsync(context, state, outcome.ReplicasDrifted);
            }

            if (outcome.Missing.Count > 0)
            {
                // A Deployment gone is often its whole release gone: the full check says which, and repairs it all now.
                state = await CheckDriftAsync(context, state, outcome.Missing);
            }

            // Off a failed cluster first: a re-placement for the load waits for the next tick, which measures the new placement.
            (state, var recovering) = await RecoverAsync(context, state, outcome.Stranded);
            if (outcome.NeedsReplacement && !recovering && !(context.CurrentUtcDateTime < state.ReplaceAgainAt))
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
            state = await CheckClustersAfterFailedTickAsync(context, state);
        }

        return state;
    }
}
