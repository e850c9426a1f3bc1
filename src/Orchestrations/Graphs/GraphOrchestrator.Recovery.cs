using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    /// <summary>
    /// Level-triggered recovery: whether services must leave a failed cluster follows from what the store says of the
    /// clusters now (<paramref name="stranded"/>, found by the tick in the clusters it reads anyway), never from having
    /// been told of a change — a failure whose <see cref="GraphCommandKind.InventoryChanged"/> was lost, swallowed by
    /// another read or sent to a host that crashed is recovered all the same. Services a re-placement left where they
    /// are (pinned there, waiting for the operator, no placement) are not re-placed again while nothing changes — the
    /// same inputs would give the same answer — but a newly stranded service is, and so is a failed placement after
    /// <see cref="GraphLifecycle.FutileReplacementPause"/>. Returns whether it re-placed.
    /// </summary>
    private static async Task<(GraphLifecycle State, bool Replaced)> RecoverAsync(
        TaskOrchestrationContext context, GraphLifecycle state, IReadOnlyList<StrandedService> stranded)
    {
        var known = state.Degraded ?? [];
        var fresh = stranded.Where(s => !known.Any(s.SameAs)).ToList();
        try
        {
            if (fresh.Count == 0 && !(context.CurrentUtcDateTime >= state.RecoverAgainAt))
            {
                // Those still held stay as they were; those found back (their cluster returned, or they were moved) recover.
                return (await SettleAsync(context, state, [.. known.Where(k => stranded.Any(k.SameAs))], state.RecoverAgainAt), false);
            }

            return (await ReplaceStrandedAsync(context, state, Stranding(fresh.Count > 0 ? fresh : stranded)), true);
        }
        catch (TaskFailedException failure)
        {
            // Karmada, Helm or the store did not answer: nothing is known to be futile, so the next tick tries again.
            await RecordRecoveryFailedAsync(context, state, failure);
            return (state, true);
        }
    }

    /// <summary>
    /// The store's check alone (<see cref="GraphActivities.PlacementAffected"/>), for an inventory change and for a
    /// tick that could not decide: a cluster the graph uses is down — re-place, unless the graph is degraded already
    /// and nothing says the clusters changed — or none is, and whatever was degraded is back.
    /// </summary>
    private static async Task<GraphLifecycle> CheckClustersAsync(TaskOrchestrationContext context, GraphLifecycle state, bool changed)
    {
        if (!await context.CallActivityAsync<bool>(GraphActivities.PlacementAffected, state.Graph))
        {
            return await SettleAsync(context, state, [], null);
        }

        return changed || state.Degraded is null
            ? await ReplaceStrandedAsync(context, state, "A cluster the graph uses is gone or not ready, or a spread service may run on more clusters again.")
            : state;
    }

    /// <summary>
    /// A tick that could not decide (Prometheus or Karmada down) has not looked at its clusters either: the store's
    /// check still does, so a failure of something else cannot hold up recovery. A failure of the check is the
    /// next tick's to see.
    /// </summary>
    private static async Task<GraphLifecycle> CheckClustersAfterFailedTickAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        try
        {
            return await CheckClustersAsync(context, state, changed: false);
        }
        catch (TaskFailedException failure)
        {
            await RecordRecoveryFailedAsync(context, state, failure);
            return state;
        }
    }

    /// <summary>
    /// Re-places the graph off its failed clusters (<see cref="PlacementTrigger.Inventory"/>: automatic, so pinned and
    /// <c>manual_trigger</c> services stay) and settles what is left there as the graph's degraded services.
    /// </summary>
    private static async Task<GraphLifecycle> ReplaceStrandedAsync(TaskOrchestrationContext context, GraphLifecycle state, string cause)
    {
        var placement = await PlaceAsync(context, state, PlacementTrigger.Inventory, cause: cause);
        // No placement at all may be capacity, which comes back without any cluster changing: try again after a pause.
        var retryAt = !placement.Placed && placement.Stranded.Count > 0 ? context.CurrentUtcDateTime + state.FutileReplacementPause : (DateTime?)null;
        return await SettleAsync(context, state, placement.Stranded, retryAt);
    }

    /// <summary>
    /// Hands the services failed clusters hold to the store — the graph Degraded with them, or Running again, and an
    /// event for each change — when they differ from what the graph last reported.
    /// </summary>
    private static async Task<GraphLifecycle> SettleAsync(TaskOrchestrationContext context, GraphLifecycle state, IReadOnlyList<StrandedService> held, DateTime? retryAt)
    {
        state = state with { RecoverAgainAt = held.Count == 0 ? null : retryAt };
        var known = state.Degraded ?? [];
        if (held.Count == known.Count && held.All(known.Contains))
        {
            return state;
        }

        await context.CallActivityAsync<bool>(GraphActivities.SettleDegraded, new GraphDegradation(state.Graph, held), External);
        return state with { Degraded = held.Count == 0 ? null : held };
    }

    private static Task RecordRecoveryFailedAsync(TaskOrchestrationContext context, GraphLifecycle state, TaskFailedException failure) =>
        RecordAsync(context, state, "warning", $"Recovery from a failed cluster failed: {Reason(failure)}; the next tick tries again.");

    /// <summary>What holds the services, for the re-placement's event: "member1 is not ready: front, back."</summary>
    private static string Stranding(IReadOnlyList<StrandedService> stranded) => string.Join(" ", stranded
        .GroupBy(s => s.Reason, StringComparer.Ordinal)
        .Select(held =>
        {
            var services = held.Select(s => s.Service).Distinct(StringComparer.Ordinal).ToList();
            var more = services.Count > NamedPerEvent ? $" and {services.Count - NamedPerEvent} more" : "";
            return $"{held.Key}: {string.Join(", ", services.Take(NamedPerEvent))}{more}.";
        }));
}
