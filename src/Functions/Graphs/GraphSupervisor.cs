using Microsoft.Azure.Functions.Worker;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Store.Versions;

namespace Smo.Functions.Graphs;

/// <summary>
/// Finds graphs left without a living orchestration — failed (a poisoned message, a bug), terminated by hand,
/// purged, or lost in an upgrade of the durable store — and starts each again from its stored row, recording why.
/// A version an update left pending is handed to the new orchestration again (the command that carried it went with
/// the old one), so it is applied or refused and never holds back the graph's later updates.
/// A timer function, so exactly one host looks at each occurrence.
/// </summary>
public sealed partial class GraphSupervisor(
    GraphStore graphs, GraphVersions versions, EventLog events, GraphCommands commands, TimeProvider time, ILogger<GraphSupervisor> logger)
{
    public const string Name = "GraphSupervisor";
    public const string ScheduleSetting = "GraphSupervisorSchedule";

    /// <summary>A graph stored this recently may not have its orchestration yet: the deploy request starts it right after storing the row.</summary>
    public static readonly TimeSpan NewGraphGrace = TimeSpan.FromMinutes(1);

    private const int InstancePageSize = 500;

    [Function(Name)]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        SuperviseAsync(client, cancellationToken);

    /// <summary>Restarts every stranded graph; returns their names.</summary>
    public async Task<IReadOnlyList<string>> SuperviseAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Two sweeps whatever the fleet's size: the graphs' states, and the graph orchestrations page by page.
        var instances = await GraphInstancesAsync(client, cancellationToken);
        var restarted = new List<string>();
        foreach (var graph in await graphs.ListStatesAsync(cancellationToken))
        {
            if (Stranded(graph, instances.GetValueOrDefault(GraphLifecycle.InstanceIdFor(graph.Name)), now) is not { } why
                || await graphs.GetAsync(graph.Name, cancellationToken) is not { } stored)
            {
                continue;
            }

            if (await RestartAsync(client, stored, why, now.UtcDateTime, cancellationToken))
            {
                restarted.Add(graph.Name);
            }
        }

        return restarted;
    }

    private static async Task<Dictionary<string, OrchestrationMetadata>> GraphInstancesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instances = new Dictionary<string, OrchestrationMetadata>(StringComparer.Ordinal);
        var query = new OrchestrationQuery { InstanceIdPrefix = GraphLifecycle.InstanceIdFor(""), PageSize = InstancePageSize, FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            instances[instance.InstanceId] = instance;
        }

        return instances;
    }

    /// <summary>Why the graph has no orchestration acting for it, or null when it has one.</summary>
    private static string? Stranded(GraphState graph, OrchestrationMetadata? instance, DateTimeOffset now) => instance switch
    {
        null when graph.Status == GraphStatus.Deploying && now - graph.UpdatedAt < NewGraphGrace => null,
        null => "its orchestration no longer exists (purged, or lost in an upgrade of the durable store)",
        { RuntimeStatus: OrchestrationRuntimeStatus.Failed } failed =>
            $"its orchestration failed ({failed.FailureDetails?.ErrorType}: {Shorten(failed.FailureDetails?.ErrorMessage)})",
        { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } => "its orchestration was terminated",
        { RuntimeStatus: OrchestrationRuntimeStatus.Completed } => "its orchestration ended while the graph is still stored",
        _ => null,
    };

    private async Task<bool> RestartAsync(DurableTaskClient client, GraphRecord graph, string why, DateTime now, CancellationToken cancellationToken)
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
            await commands.SendAsync(client, graph.Name, resume, cancellationToken);
        }

        var pending = (await versions.ListAsync(graph.Name, cancellationToken)).FirstOrDefault(v => v.State == VersionState.Pending);
        if (pending is not null)
        {
            await commands.SendAsync(client, graph.Name, new GraphCommand(GraphCommandKind.Update, Version: pending.Number), cancellationToken);
        }

        var handedOn = pending is null ? "" : $" Version {pending.Number}, still pending, was handed to it again.";
        var message = $"The graph was restarted from its stored state ({graph.Status}) because {why}.{handedOn}";
        await events.AppendAsync(new NewEvent(graph.Name, null, "orchestration-restarted", message), cancellationToken);
        LogRestarted(graph.Name, why);
        return true;
    }

    private static string Shorten(string? text) => text is null ? "no details" : text.Length <= 200 ? text : text[..200] + "…";

    [LoggerMessage(LogLevel.Warning, "Graph {Graph} restarted: {Why}")]
    private partial void LogRestarted(string graph, string why);
}
