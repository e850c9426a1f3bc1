using Smo.Durable;

namespace Smo.Orchestrations.Graphs;

/// <summary>
/// One long-lived orchestration per graph owns its whole life: the first episode deploys (placement → alert rules
/// → dashboards → installs), then every episode does one thing — a scaling tick when the durable timer fires, or
/// the next command (alert, re-place, strategy, stop, start, remove, inventory change) — and continues as new.
/// Because one instance owns the graph, scaling and re-placement can never race, and a crash anywhere resumes
/// from the last checkpoint: activities are idempotent, so a repeated step does no harm.
/// </summary>
[DurableTask(Name)]
public sealed partial class GraphOrchestrator : TaskOrchestrator<GraphLifecycle, string>
{
    public const string Name = "GraphLifecycle";
    public const string Removed = "removed";
    private const string Continued = "continued";

    /// <summary>Calls to external systems (Helm, Karmada, Prometheus, Grafana): retried with backoff, then reported.</summary>
    internal static readonly TaskOptions External = new(new RetryPolicy(4, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(15)));

    /// <summary>A scaling tick must not hold up the next one: one quick retry, then the next tick tries again.</summary>
    internal static readonly TaskOptions Tick = new(new RetryPolicy(2, TimeSpan.FromMilliseconds(200)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        if (state.Phase == GraphPhase.Deploying)
        {
            state = await DeployAsync(context, state);
        }

        Report(context, state, "waiting");
        if (await NextCommandAsync(context, state) is { } command)
        {
            if (await HandleAsync(context, state, command) is not { } next)
            {
                return Removed;
            }

            state = next;
        }
        else
        {
            state = await TickAsync(context, state, context.CurrentUtcDateTime);
        }

        context.ContinueAsNew(state);
        return Continued;
    }

    /// <summary>
    /// The next command, or null when the scaling tick is due first. Only a running graph has a tick; a stopped or
    /// failed graph waits for commands alone.
    /// </summary>
    private static async Task<GraphCommand?> NextCommandAsync(TaskOrchestrationContext context, GraphLifecycle state)
    {
        if (state.Phase != GraphPhase.Running)
        {
            return await context.WaitForExternalEvent<GraphCommand>(GraphCommand.EventName);
        }

        var due = state.NextTickAt ?? context.CurrentUtcDateTime;
        if (due <= context.CurrentUtcDateTime)
        {
            return null;
        }

        using var cancelTimer = new CancellationTokenSource();
        var timer = context.CreateTimer(due, cancelTimer.Token);
        var command = context.WaitForExternalEvent<GraphCommand>(GraphCommand.EventName);
        if (await Task.WhenAny(timer, command) == command)
        {
            cancelTimer.Cancel();
            return await command;
        }

        return null;
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
