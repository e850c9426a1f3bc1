using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Faults;

/// <summary>Reads a fault from a scenario's <c>faults</c> list or from a body posted to /sim/faults.</summary>
public static class FaultParser
{
    private static readonly Dictionary<string, FaultType> Types = new(StringComparer.Ordinal)
    {
        ["apiError"] = FaultType.ApiError,
        ["latency"] = FaultType.Latency,
        ["hang"] = FaultType.Hang,
        ["clusterNotReady"] = FaultType.ClusterNotReady,
        ["concurrentWrite"] = FaultType.ConcurrentWrite,
    };

    // 403 stands for an RBAC denial (a client error, never retried); the others are the apiserver's transient errors.
    private static readonly int[] ErrorStatuses = [403, 429, 500, 502, 503, 504];

    public static FaultSpec Parse(ScenarioField field, IReadOnlySet<string> clusterNames)
    {
        field.AllowOnly("type", "status", "rate", "count", "paths", "methods", "at", "duration", "delay", "cluster", "reason");
        var typeField = field.Require("type");
        if (!Types.TryGetValue(typeField.Text(), out var type))
        {
            throw typeField.Error($"unknown fault type '{typeField.Text()}' (expected one of: {string.Join(", ", Types.Keys)})");
        }
        var status = field.Get("status") is { } statusField ? statusField.Integer() : 500;
        if (!ErrorStatuses.Contains(status))
        {
            throw field.Require("status").Error($"status {status} is not an injectable error (expected one of: {string.Join(", ", ErrorStatuses)})");
        }
        var cluster = field.Get("cluster")?.Text();
        if (type == FaultType.ClusterNotReady && cluster is null)
        {
            throw field.Error("a clusterNotReady fault needs 'cluster'");
        }
        if (cluster is not null && !clusterNames.Contains(cluster))
        {
            throw field.Require("cluster").Error($"no cluster named '{cluster}' (clusters: {string.Join(", ", clusterNames)})");
        }
        var delay = field.Get("delay")?.Duration() ?? TimeSpan.Zero;
        if (type == FaultType.Latency && delay <= TimeSpan.Zero)
        {
            throw field.Error("a latency fault needs a positive 'delay'");
        }
        var methods = field.Get("methods")?.Items().Select(m => m.Text().ToUpperInvariant()).ToList() ?? [];
        if (type == FaultType.ConcurrentWrite)
        {
            if (methods.FirstOrDefault(m => !FaultSpec.WriteMethods.Contains(m)) is { } read)
            {
                throw field.Require("methods").Error($"a concurrentWrite fault precedes writes only ({string.Join(", ", FaultSpec.WriteMethods)}), not {read}");
            }
            methods = methods.Count == 0 ? [.. FaultSpec.WriteMethods] : methods;
        }
        var reason = field.Get("reason")?.Text() ?? FaultSpec.NotReachable;
        if (reason is not (FaultSpec.NotReachable or FaultSpec.NotReady))
        {
            throw field.Require("reason").Error($"reason must be {FaultSpec.NotReachable} or {FaultSpec.NotReady}");
        }
        return new FaultSpec(
            type,
            status,
            field.Get("rate")?.Number(0, 1) ?? 1,
            field.Get("count")?.Integer(min: 1),
            field.Get("paths")?.Items().Select(PathPrefix).ToList() ?? FaultSpec.DefaultPaths,
            methods,
            field.Get("at")?.Duration() ?? TimeSpan.Zero,
            field.Get("duration")?.Duration(),
            delay,
            cluster,
            reason);
    }

    private static string PathPrefix(ScenarioField field)
    {
        var text = field.Text();
        return text.StartsWith('/') ? text : throw field.Error($"a path prefix must start with '/', got '{text}'");
    }
}
