using Smo.Adapters.Karmada;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Scaling;
using Smo.Store.Clusters;
using Smo.Store.Events;

namespace Smo.Functions.Installs;

/// <summary>
/// Moves an undivided service to another cluster make-before-break. Given only the chart's new placement, Karmada
/// reschedules the Deployment at once — the old cluster's pods stop as the new ones are created — and nothing serves
/// until they start. So while a ready cluster other than the target still serves the service, the move is made a
/// division for its duration (<see cref="DivisionRollout"/>, towards all its replicas on the target): the new replicas
/// start beside the old, the old stop once the new are ready, and the service then goes back to its chart's placement,
/// the target by then, with nothing left to reschedule. A move off a cluster that is down keeps nothing and is made
/// at once. Each step reads Karmada's binding afresh, so an install run again after a crash finishes the move.
/// </summary>
public sealed partial class MoveRollout(
    DivisionRollout divisions, IKarmadaResourceBindings bindings, IKarmadaDeployments deployments, ClusterStore clusters, EventLog events,
    GraphDefaults defaults, TimeProvider time, ILogger<MoveRollout> logger)
{
    /// <summary>How often the new replicas' readiness is read while a move waits for them.</summary>
    private static readonly TimeSpan ReadinessPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Before the chart's placement changes: when a ready cluster other than <paramref name="target"/> serves the
    /// service, its replicas start on the target beside the old ones. Returns the move to finish, or null when
    /// nothing serves elsewhere (a first install, a failover, a service scaled to zero).
    /// </summary>
    /// <param name="replicas">The service's replicas: all of them go to the target.</param>
    public async Task<ServiceMove?> BeginAsync(string @namespace, string service, string target, int replicas, CancellationToken cancellationToken)
    {
        if (replicas < 1)
        {
            return null;
        }

        var now = await bindings.GetClusterReplicasAsync(@namespace, service, cancellationToken);
        var serving = now.Where(c => c.Cluster != target && c.Ready > 0).Select(c => c.Cluster).ToList();
        if (serving.Count == 0)
        {
            return null;
        }

        // A member that is down may still report the pods it had: only a ready cluster's are worth waiting beside.
        var ready = (await clusters.ListAsync(cancellationToken: cancellationToken)).Where(c => c.Available).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (!serving.Any(ready.Contains))
        {
            return null;
        }

        var move = new ServiceMove(@namespace, service, serving, target, replicas);
        await divisions.ApplyAsync(@namespace, service, move.Target, cancellationToken, now);
        return move;
    }

    /// <summary>
    /// After the chart's placement changed: once the target's replicas are ready (at most
    /// <see cref="GraphDefaults.PodStartDelay"/>: after that they are taken for Pending, and the move is made without
    /// them, with a warning event), the old ones stop and the service is given back to its chart's placement.
    /// </summary>
    public async Task FinishAsync(string graph, ServiceMove move, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + defaults.PodStartDelay;
        while (!(await divisions.ApplyAsync(move.Namespace, move.Service, move.Target, cancellationToken)).Complete)
        {
            if (time.GetUtcNow() >= deadline)
            {
                // The total first: the doubled replicas must not all land on the target when the chart takes it back.
                await deployments.ScaleAsync(move.Namespace, move.Service, move.Replicas, cancellationToken);
                LogNotReady(move.Service, move.To, defaults.PodStartDelay);
                await events.AppendAsync(new NewEvent(graph, move.Service, "warning",
                    $"{move.Service} moved to {move.To} without its replicas there ready after {defaults.PodStartDelay.TotalSeconds:0.#} s (Pending: no room?); "
                    + $"the old ones on {string.Join(", ", move.From)} stopped all the same."), CancellationToken.None);
                break;
            }

            await Task.Delay(ReadinessPoll, time, cancellationToken);
        }

        await divisions.UndivideAsync(move.Namespace, move.Service, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Service {Service} moved to {Cluster} without its replicas there ready after {Wait}")]
    private partial void LogNotReady(string service, string cluster, TimeSpan wait);
}

/// <summary>A make-before-break move under way: the clusters serving the service, and where all its replicas go.</summary>
public sealed record ServiceMove(string Namespace, string Service, IReadOnlyList<string> From, string To, int Replicas)
{
    /// <summary>The division the move heads for: every replica on <see cref="To"/>.</summary>
    public IReadOnlyDictionary<string, int> Target { get; } = new Dictionary<string, int>(StringComparer.Ordinal) { [To] = Replicas };
}
