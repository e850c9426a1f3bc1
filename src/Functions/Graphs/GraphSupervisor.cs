using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Smo.Functions.Timers;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// Finds graphs left without a living orchestration — failed (a poisoned message, a bug), terminated by hand,
/// purged, or lost in an upgrade of the durable store — and starts each again from its stored row, recording why.
/// A timer function, so exactly one host looks at each occurrence.
/// </summary>
public static partial class GraphSupervisor
{
    public const string Name = "GraphSupervisor";
    public const string ScheduleSetting = "GraphSupervisorSchedule";
    public const string DefaultSchedule = "*/30 * * * * *";

    /// <summary>A graph stored this recently may not have its orchestration yet: the deploy request starts it right after storing the row.</summary>
    public static readonly TimeSpan NewGraphGrace = TimeSpan.FromMinutes(1);

    public static TimerFunction Definition(IConfiguration configuration) =>
        new(Name, string.IsNullOrEmpty(configuration[ScheduleSetting]) ? DefaultSchedule : $"%{ScheduleSetting}%",
            (services, timer, cancellationToken) => RunAsync(services, cancellationToken));

    public static async Task<IReadOnlyList<string>> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<GraphStore>() is not { } graphs)
        {
            return [];
        }

        var client = services.GetRequiredService<DurableTaskClient>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var restarted = new List<string>();
        foreach (var graph in await graphs.ListAsync(cancellationToken))
        {
            var instanceId = GraphLifecycle.InstanceIdFor(graph.Name);
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (Stranded(graph, instance, now) is not { } why)
            {
                continue;
            }

            if (await RestartAsync(services, client, graph, why, now.UtcDateTime, cancellationToken))
            {
                restarted.Add(graph.Name);
            }
        }

        return restarted;
    }

    /// <summary>Why the graph has no orchestration acting for it, or null when it has one.</summary>
    private static string? Stranded(GraphRecord graph, OrchestrationMetadata? instance, DateTimeOffset now) => instance switch
    {
        null when graph.Status == GraphStatus.Deploying && now - graph.UpdatedAt < NewGraphGrace => null,
        null => "its orchestration no longer exists (purged, or lost in an upgrade of the durable store)",
        { RuntimeStatus: OrchestrationRuntimeStatus.Failed } failed =>
            $"its orchestration failed ({failed.FailureDetails?.ErrorType}: {Shorten(failed.FailureDetails?.ErrorMessage)})",
        { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } => "its orchestration was terminated",
        { RuntimeStatus: OrchestrationRuntimeStatus.Completed } => "its orchestration ended while the graph is still stored",
        _ => null,
    };

    private static async Task<bool> RestartAsync(IServiceProvider services, DurableTaskClient client, GraphRecord graph, string why, DateTime now, CancellationToken cancellationToken)
    {
        var (state, resume) = GraphRestart.For(graph, now);
        try
        {
            // A finished instance of the same id is replaced; a living one (started meanwhile) wins.
            await client.ScheduleNewOrchestrationInstanceAsync(GraphOrchestrator.Name, state,
                new StartOrchestrationOptions(GraphLifecycle.InstanceIdFor(graph.Name)), cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }

        if (resume is not null)
        {
            await client.SendAsync(graph.Name, resume, cancellationToken);
        }

        var message = $"The graph was restarted from its stored state ({graph.Status}) because {why}.";
        await services.GetRequiredService<EventLog>().AppendAsync(new NewEvent(graph.Name, null, "orchestration-restarted", message), cancellationToken);
        LogRestarted(services.GetRequiredService<ILoggerFactory>().CreateLogger(Name), graph.Name, why);
        return true;
    }

    private static string Shorten(string? text) => text is null ? "no details" : text.Length <= 200 ? text : text[..200] + "…";

    [LoggerMessage(LogLevel.Warning, "Graph {Graph} restarted: {Why}")]
    private static partial void LogRestarted(ILogger logger, string graph, string why);
}
