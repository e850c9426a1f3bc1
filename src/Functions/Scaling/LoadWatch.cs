using Smo.Adapters.Prometheus;
using Smo.Functions.Graphs.Translation;
using Smo.Solver.Strategies;
using Smo.Store.Graphs;

namespace Smo.Functions.Scaling;

/// <summary>A running graph with services whose request rate is beyond what their replicas carry.</summary>
/// <param name="Services">The overloaded services, each as <c>name@replicas</c>.</param>
/// <param name="SeenAt">When the rates were read: decision latency counts from here.</param>
public sealed record Overload(string Graph, IReadOnlyList<string> Services, DateTime SeenAt);

/// <summary>
/// Scaling between ticks: finds the running graphs where a deployed service's request rate exceeds what its
/// replicas carry (α·r + β, the scaling model's capacity) while it is below its ceiling, so the graph can be told
/// to decide now rather than at its next tick. Only growth is watched: a rise hurts users at once, a fall costs
/// only until the next tick, and chasing every dip would make replicas flap. Each overload is reported once, until
/// the overloaded services or their replicas change, or a rate window has passed: a decision that could not add
/// replicas (no CPU left) is not asked for again every look, and one that read the rate a moment lower than the
/// look did (a ramp, the noise of a short window) is asked again once the data has renewed, not at the next tick.
/// An overload that still stands is asked again after twice as long each time (up to 32 rate windows): when graphs
/// lag behind their load, re-asking all of them at a fixed rate would only add to what they lag behind.
/// Graphs whose scaling strategy keeps a loop of its own (<see cref="Solver.Scaling.IScalingStrategy.DecisionInterval"/>:
/// <c>smo-original</c> decides every 30 s, as the original did, with no watch between) are not watched.
/// One instance per host; a look reads the store once, then asks Prometheus once for the rates of every watched
/// service of every running graph, whatever the size of the fleet.
/// </summary>
public sealed class LoadWatch(GraphStore graphs, IServiceMetrics metrics, GraphDefaults defaults, StrategyRegistry strategies, TimeProvider time)
{
    private const int MaxBackoffDoublings = 5;

    private Dictionary<string, (string Signature, DateTime At, int Repeats)> _reported = new(StringComparer.Ordinal);

    /// <summary>The overloads that are new since the last look.</summary>
    public async Task<IReadOnlyList<Overload>> LookAsync(CancellationToken cancellationToken = default)
    {
        var seenAt = time.GetUtcNow().UtcDateTime;
        var watched = (await graphs.ListWatchedServicesAsync(cancellationToken))
            .Where(s => s.DesiredReplicas < defaults.ScalingOf(s.Scaling).MaxReplicas && !KeepsOwnLoop(s.ScalingStrategy))
            .ToList();
        var rates = watched.Count == 0
            ? new Dictionary<ScopedService, double>()
            : await metrics.GetRequestRatesAsync(watched.Select(Scoped).ToHashSet(), defaults.RateWindow, cancellationToken);
        var found = new List<Overload>();
        var standing = new Dictionary<string, (string Signature, DateTime At, int Repeats)>(StringComparer.Ordinal);
        // The store lists them in no order: sorted here, so an unchanged overload keeps its signature.
        foreach (var services in watched.OrderBy(s => s.Name, StringComparer.Ordinal).GroupBy(s => s.Graph, StringComparer.Ordinal))
        {
            if (Overloaded(services, rates) is not { Count: > 0 } overloaded)
            {
                continue;
            }

            var signature = string.Join(',', overloaded);
            var repeats = 0;
            if (_reported.TryGetValue(services.Key, out var reported) && reported.Signature == signature)
            {
                if (seenAt - reported.At < defaults.RateWindow * (1 << Math.Min(reported.Repeats, MaxBackoffDoublings)))
                {
                    standing[services.Key] = reported;
                    continue;
                }

                repeats = reported.Repeats + 1;
            }

            standing[services.Key] = (signature, seenAt, repeats);
            found.Add(new Overload(services.Key, overloaded, seenAt));
        }

        _reported = standing;
        return found;
    }

    /// <summary>Whether the strategy decides only at its own interval; an unknown name (none is stored) is watched as the default.</summary>
    private bool KeepsOwnLoop(string? strategy) =>
        (strategy is null || strategies.UnknownScaling(strategy) is null ? strategies.Scaling(strategy) : strategies.DefaultScaling).DecisionInterval is not null;

    /// <summary>A service's metrics carry its graph's project as their namespace.</summary>
    private static ScopedService Scoped(WatchedService service) => new(service.Project, service.Name);

    private List<string> Overloaded(IEnumerable<WatchedService> services, IReadOnlyDictionary<ScopedService, double> rates)
    {
        var overloaded = new List<string>();
        foreach (var service in services)
        {
            var model = defaults.ScalingOf(service.Scaling);
            // No data is not zero load, and not an overload either: the tick holds such services.
            if (rates.TryGetValue(Scoped(service), out var rate) && rate > model.Alpha * service.DesiredReplicas + model.Beta)
            {
                overloaded.Add($"{service.Name}@{service.DesiredReplicas}");
            }
        }

        return overloaded;
    }
}
