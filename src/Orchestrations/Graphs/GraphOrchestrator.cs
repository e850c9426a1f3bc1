using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

/// <summary>
/// One long-lived orchestration per graph owns its whole life: the first episode deploys (placement → alert rules
/// → dashboards → installs), then every episode waits for one thing — a scaling tick when the durable timer fires,
/// or the next command (alert, re-place, strategy, stop, start, remove, inventory change) — handles it and the
/// commands that arrived meanwhile, in order, and continues as new.
/// Because one instance owns the graph, scaling and re-placement can never race, and a crash anywhere resumes
/// from the last checkpoint: activities are idempotent, so a repeated step does no harm.
/// </summary>
[DurableTask(Name)]
public sealed partial class GraphOrchestrator : TaskOrchestrator<GraphLifecycle, string>
{
    public const string Name = "GraphLifecycle";
    public const string Removed = "removed";
    private const string Continued = "continued";

    /// <summary>Commands one episode handles at most, so its history stays short however fast they come; the rest carry over.</summary>
    private const int CommandsPerEpisode = 10;

    /// <summary>Calls to external systems (Helm, Karmada, Prometheus, Grafana): retried with backoff, then reported.</summary>
    internal static readonly TaskOptions External = TaskOptions.FromRetryPolicy(
        new RetryPolicy(4, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(15)));

    /// <summary>A scaling tick must not hold up the next one: one quick retry, then the next tick tries again.</summary>
    internal static readonly TaskOptions Tick = TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(200)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        if (state.Phase == GraphPhase.Deploying)
        {
            state = await DeployAsync(context, state);
        }

        Report(context, state, "waiting");
        var command = context.WaitForExternalEvent<GraphCommand>(GraphCommand.EventName);
        if (!await CommandFirstAsync(context, state, command))
        {
            state = await TimerDueAsync(context, state);
        }

        // The SDK hands a command to the wait registered for it even after the timer won, and nothing would read it
        // there again: what reached the wait during the tick, or is buffered, is handled in this episode.
        var handled = 0;
        while (command.IsCompleted)
        {
            if (await HandleAsync(context, state, await command) is not { } next)
            {
                return Removed;
            }

            state = next;
            if (++handled == CommandsPerEpisode)
            {
                break;
            }

            command = context.WaitForExternalEvent<GraphCommand>(GraphCommand.EventName);
        }

        context.ContinueAsNew(state);
        return Continued;
    }

    /// <summary>
    /// Whether a command arrives before the scaling tick or a conditional service's uninstall is due. Only a running
    /// graph has a timer; a stopped or failed graph waits for commands alone.
    /// </summary>
    private static async Task<bool> CommandFirstAsync(TaskOrchestrationContext context, GraphLifecycle state, Task<GraphCommand> command)
    {
        if (state.Phase != GraphPhase.Running)
        {
            await command;
            return true;
        }

        var due = state.NextTickAt ?? context.CurrentUtcDateTime;
        if (ConditionalUninstalls.NextDue(state.Uninstalls) is { } uninstall && uninstall < due)
        {
            due = uninstall;
        }

        if (due <= context.CurrentUtcDateTime)
        {
            return false;
        }

        // A timer left running would keep the episode from ending when the command wins.
        using var cancelTimer = new CancellationTokenSource();
        var timer = context.CreateTimer(due, cancelTimer.Token);
        if (await Task.WhenAny(timer, command) == command)
        {
            cancelTimer.Cancel();
            return true;
        }

        return false;
    }

    /// <summary>The timer fired: the uninstalls that are due, then the scaling tick if it is due too.</summary>
    private static async Task<GraphLifecycle> TimerDueAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        state = await UninstallResolvedAsync(context, state);
        var now = context.CurrentUtcDateTime;
        return state.NextTickAt > now ? state : await TickAsync(context, state, now);
    }

    /// <summary>The graph's progress for the status API: phase, step and ticks, in the instance's custom status.</summary>
    private static void Report(TaskOrchestrationContext context, GraphLifecycle state, string step) =>
        context.SetCustomStatus(new { phase = state.Phase.ToString(), step, ticks = state.Ticks, nextTickAt = state.NextTickAt });

    /// <summary>What users see of a failed step: the activity's own message, not the runtime's wrapping.</summary>
    private static string Reason(TaskFailedException failure) => failure.FailureDetails.ErrorMessage;

    private static Task RecordAsync(TaskOrchestrationContext context, GraphLifecycle state, string kind, string message) =>
        context.CallActivityAsync(GraphActivities.RecordGraphEvent, new GraphEvent(state.Graph, kind, message));

    private static Task SetStatusAsync(TaskOrchestrationContext context, GraphLifecycle state, string status, string? reason = null) =>
        context.CallActivityAsync(GraphActivities.SetGraphStatus, new GraphStatusChange(state.Graph, status, reason));
}
