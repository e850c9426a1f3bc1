using Smo.Adapters.Prometheus;
using Smo.Orchestrations.Graphs.Activities;
using Smo.Orchestrations.Graphs.Translation;
using Smo.Store.Graphs;

namespace Smo.Orchestrations.Graphs;

/// <summary>A running graph with services whose request rate is beyond what their replicas carry.</summary>
/// <param name="Services">The overloaded services, each as <c>name@replicas</c>.</param>
/// <param name="SeenAt">When the rates were read: decision latency counts from here.</param>
public sealed record Overload(string Graph, IReadOnlyList<string> Services, DateTime SeenAt);

/// <summary>
/// Scaling between ticks: finds the running graphs where a deployed service's request rate exceeds what its
/// replicas carry (α·r + β, the scaling model's capacity) while it is below its ceiling, so the graph can be told
/// to decide now rather than at its next tick. Only growth is watched: a rise hurts users at once, a fall costs
/// only until the next tick, and chasing every dip would make replicas flap. Each overload is reported once, until
/// the overloaded services or their replicas change: a decision that could not add replicas (no CPU left) is not
/// asked for again every look. One instance per host; a look reads the store, then one rate per deployed service.
/// </summary>
public sealed class LoadWatch(GraphStore graphs, IServiceMetrics metrics, GraphDefaults defaults, TimeProvider time)
{
    private Dictionary<string, string> _reported = new(StringComparer.Ordinal);

    /// <summary>The overloads that are new since the last look.</summary>
    public async Task<IReadOnlyList<Overload>> LookAsync(CancellationToken cancellationToken = default)
    {
        var seenAt = time.GetUtcNow().UtcDateTime;
        var found = new List<Overload>();
        var standing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var graph in await graphs.ListAsync(cancellationToken))
        {
            if (graph.Status != GraphStatus.Running
                || await OverloadedAsync(graph, cancellationToken) is not { Count: > 0 } overloaded)
            {
                continue;
            }

            var signature = string.Join(',', overloaded);
            standing[graph.Name] = signature;
            if (_reported.GetValueOrDefault(graph.Name) != signature)
            {
                found.Add(new Overload(graph.Name, overloaded, seenAt));
            }
        }

        _reported = standing;
        return found;
    }

    private async Task<List<string>> OverloadedAsync(GraphRecord graph, CancellationToken cancellationToken)
    {
        var overloaded = new List<string>();
        // The services the scaling tick decides for, with the replicas it last decided.
        foreach (var service in ScaleGraphActivity.ScaledServices(graph))
        {
            var model = defaults.ScalingOf(service);
            if (service.DesiredReplicas >= model.MaxReplicas)
            {
                continue;
            }

            // No data is not zero load, and not an overload either: the tick holds such services.
            if (await metrics.GetRequestRateAsync(service.Name, defaults.RateWindow, cancellationToken) is { } rate
                && rate > model.Alpha * service.DesiredReplicas + model.Beta)
            {
                overloaded.Add($"{service.Name}@{service.DesiredReplicas}");
            }
        }

        return overloaded;
    }
}
