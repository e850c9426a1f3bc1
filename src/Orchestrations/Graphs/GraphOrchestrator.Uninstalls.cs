using System.Globalization;
using System.Text;
using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    /// <summary>
    /// Follows the alerts of conditional services that uninstall after resolving (the command carries the delay; a
    /// service without one is not followed): a firing cancels a due uninstall, the last resolution makes one due.
    /// Any phase: a stopped graph's service is reinstalled by start, and its uninstall then comes due as before.
    /// </summary>
    private static async Task<GraphLifecycle> FollowAlertAsync(TaskOrchestrationContext context, GraphLifecycle state, GraphCommand command)
    {
        if (command is not { Service: { } service, Alert: { } alert, UninstallAfter: { } after })
        {
            return state;
        }

        if (command.Kind == GraphCommandKind.AlertFired)
        {
            var fired = ConditionalUninstalls.Fired(state.Uninstalls, service, alert, after);
            if (fired.Cancelled)
            {
                await RecordAsync(context, state, "uninstall-cancelled", $"An alert of {service} fired again within {DurationText(after)} of its alerts resolving: it stays installed.");
            }

            if (fired.NowUntracked)
            {
                await RecordAsync(context, state, "warning",
                    $"More than {ConditionalUninstalls.MaxFollowedAlerts} alerts of {service} fire at once: it is no longer uninstalled when they resolve.");
            }

            return state with { Uninstalls = fired.Uninstalls };
        }

        if (command.Kind == GraphCommandKind.AlertResolved)
        {
            var resolved = ConditionalUninstalls.Resolved(state.Uninstalls, service, alert, after, context.CurrentUtcDateTime);
            if (resolved.DueAt is not null)
            {
                await RecordAsync(context, state, "uninstall-scheduled",
                    $"Every alert of {service} resolved: it is uninstalled in {DurationText(after)} unless one fires again.");
            }

            return state with { Uninstalls = resolved.Uninstalls };
        }

        return state;
    }

    /// <summary>
    /// Uninstalls the conditional services whose alerts stayed resolved for their delay (helm uninstall; the service
    /// waits for its alert again, as before it fired). A failed uninstall is recorded and tried again after the delay.
    /// </summary>
    private static async Task<GraphLifecycle> UninstallResolvedAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        var now = context.CurrentUtcDateTime;
        foreach (var due in ConditionalUninstalls.DueBy(state.Uninstalls, now))
        {
            Report(context, state, "uninstalling");
            try
            {
                var uninstalled = await context.CallActivityAsync<bool>(GraphActivities.UninstallConditionalService, new ServiceRef(state.Graph, due.Service), External);
                state = state with { Uninstalls = ConditionalUninstalls.Without(state.Uninstalls, due.Service) };
                if (uninstalled)
                {
                    await RecordAsync(context, state, "uninstalled", $"Conditional service {due.Service} uninstalled: its alerts resolved for {DurationText(due.After)}.");
                }
            }
            catch (TaskFailedException failure)
            {
                state = state with { Uninstalls = ConditionalUninstalls.Postponed(state.Uninstalls, due.Service, now) };
                await RecordAsync(context, state, "warning", $"Uninstall of {due.Service} failed: {Reason(failure)}; tried again in {DurationText(due.After)}.");
            }
        }

        return state;
    }

    /// <summary>A delay as a descriptor writes it: <c>10m</c>, <c>1h30m</c>, <c>45s</c>.</summary>
    private static string DurationText(TimeSpan span)
    {
        var text = new StringBuilder();
        foreach (var (count, unit) in new[] { (span.Days, "d"), (span.Hours, "h"), (span.Minutes, "m"), (span.Seconds, "s"), (span.Milliseconds, "ms") })
        {
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }
}
