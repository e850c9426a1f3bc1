using System.Text.Json;
using Smo.Store.Decisions;

namespace Smo.Functions.History;

/// <summary>
/// Builds a graph's replica history from its decisions, oldest first: a placement gives each service its cluster (or
/// its division over clusters) and the replicas it was placed with; a scaling decision the replicas it set (per
/// cluster when it divided them, else on the service's cluster) and the rate it measured. A point is kept where a
/// service's replicas or clusters change (and at its first decision), so a steady service costs one point whatever
/// the ticks; each series is thinned to at most <see cref="MaxPoints"/> points (the last change of each stretch of
/// time; for the load, the highest rate of each).
/// </summary>
public static class ReplicaHistory
{
    public const int MaxPoints = 500;

    public static ReplicaHistoryView Build(string graph, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<ReplicaTrace> traces, bool truncated)
    {
        var replicas = new Dictionary<string, List<ReplicaPoint>>(StringComparer.Ordinal);
        var load = new Dictionary<string, List<LoadPoint>>(StringComparer.Ordinal);
        var home = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var trace in traces)
        {
            var decision = trace.Kind.ToString();
            var trigger = trace.Trigger.ToString();
            if (trace.Kind is DecisionKind.Placement or DecisionKind.Replacement)
            {
                foreach (var (service, cluster) in Strings(trace.Assignment))
                {
                    home[service] = cluster;
                }

                foreach (var service in Items(trace.Services))
                {
                    if (Text(service, "name") is { } name && Count(service, "replicas") is { } placed)
                    {
                        var clusters = Counts(Child(trace.Divisions, name)) ?? (home.TryGetValue(name, out var on) ? Single(on, placed) : null);
                        Add(replicas, name, new ReplicaPoint(trace.At, placed, clusters, decision, trigger));
                    }
                }

                continue;
            }

            foreach (var (service, count) in Counts(trace.Replicas) ?? [])
            {
                var clusters = Counts(Child(trace.ReplicasByCluster, service)) ?? (home.TryGetValue(service, out var on) ? Single(on, count) : null);
                Add(replicas, service, new ReplicaPoint(trace.At, count, clusters, decision, trigger));
            }

            foreach (var seen in Items(trace.Services))
            {
                // A multi-cluster decision wraps each service with its replicas per cluster.
                var service = seen.ValueKind == JsonValueKind.Object && seen.TryGetProperty("service", out var inner) ? inner : seen;
                if (Text(service, "name") is { } name && service.ValueKind == JsonValueKind.Object && service.TryGetProperty("requestRate", out var rate)
                    && rate.ValueKind == JsonValueKind.Number && rate.GetDouble() is var rps && double.IsFinite(rps) && rps >= 0)
                {
                    (load.TryGetValue(name, out var points) ? points : load[name] = []).Add(new LoadPoint(trace.At, rps));
                }
            }
        }

        return new ReplicaHistoryView(graph, from, to,
            replicas.ToDictionary(p => p.Key, p => Thin(p.Value, from, to, p => p.At, bucket => bucket[^1]), StringComparer.Ordinal),
            load.ToDictionary(p => p.Key, p => Thin(p.Value, from, to, p => p.At, bucket => bucket.MaxBy(l => l.RequestsPerSecond)!), StringComparer.Ordinal),
            truncated);
    }

    /// <summary>Adds the point when the service's replicas or clusters differ from its last one.</summary>
    private static void Add(Dictionary<string, List<ReplicaPoint>> series, string service, ReplicaPoint point)
    {
        if (!series.TryGetValue(service, out var points))
        {
            series[service] = points = [];
        }

        if (points.Count > 0 && points[^1].Replicas == point.Replicas && SameClusters(points[^1].Clusters, point.Clusters))
        {
            return;
        }

        points.Add(point);
    }

    private static bool SameClusters(IReadOnlyDictionary<string, int>? a, IReadOnlyDictionary<string, int>? b) =>
        a is null || b is null ? a is null && b is null : a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var n) && n == p.Value);

    /// <summary>At most <see cref="MaxPoints"/>: the window cut into as many equal stretches, one point picked from each.</summary>
    private static IReadOnlyList<T> Thin<T>(List<T> points, DateTimeOffset from, DateTimeOffset to, Func<T, DateTimeOffset> at, Func<List<T>, T> pick)
    {
        if (points.Count <= MaxPoints)
        {
            return points;
        }

        var stretch = Math.Max(1, (to - from).Ticks / MaxPoints + 1);
        return [.. points.GroupBy(p => Math.Clamp((at(p) - from).Ticks / stretch, 0, MaxPoints - 1)).Select(g => pick([.. g]))];
    }

    private static Dictionary<string, int> Single(string cluster, int replicas) => new(StringComparer.Ordinal) { [cluster] = replicas };

    private static IEnumerable<JsonElement> Items(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Count(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var count) && count >= 0 ? count : null;

    private static IEnumerable<(string Name, string Value)> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => (p.Name, p.Value.GetString()!))
            : [];

    /// <summary>An object of counts (service → replicas, cluster → replicas); null when it is not one.</summary>
    private static Dictionary<string, int>? Counts(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(p => Count(element, p.Name) is not null).ToDictionary(p => p.Name, p => Count(element, p.Name)!.Value, StringComparer.Ordinal)
            : null;
}
