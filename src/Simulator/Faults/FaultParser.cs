using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;
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
        ["clusterUnreachable"] = FaultType.ClusterUnreachable,
        ["clusterTaint"] = FaultType.ClusterTaint,
        ["concurrentWrite"] = FaultType.ConcurrentWrite,
    };

    // 403 stands for an RBAC denial (a client error, never retried); the others are the apiserver's transient errors.
    private static readonly int[] ErrorStatuses = [403, 429, 500, 502, 503, 504];

    public static FaultSpec Parse(ScenarioField field, IReadOnlySet<string> clusterNames)
    {
        field.AllowOnly("type", "status", "rate", "count", "paths", "methods", "at", "duration", "delay", "cluster", "reason", "key", "value", "effect");
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
        if (cluster is null && type is FaultType.ClusterNotReady or FaultType.ClusterUnreachable or FaultType.ClusterTaint)
        {
            throw field.Error($"a {typeField.Text()} fault needs 'cluster'");
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
        var reason = Reason(field, type);
        var taint = Taint(field, type);
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
            reason,
            taint);
    }

    /// <summary>
    /// The Ready condition's reason, as Karmada writes it: its cluster status controller reports False with
    /// ClusterNotReachable or ClusterNotReady; its cluster controller sets Unknown with ClusterStatusUnknown.
    /// </summary>
    private static string Reason(ScenarioField field, FaultType type)
    {
        var given = field.Get("reason");
        string[] allowed = type switch
        {
            FaultType.ClusterNotReady => [FaultSpec.NotReachable, FaultSpec.NotReady],
            FaultType.ClusterUnreachable => [FaultSpec.StatusUnknown],
            _ => [],
        };
        if (given is null)
        {
            return allowed.FirstOrDefault() ?? FaultSpec.NotReachable;
        }
        if (allowed.Length == 0)
        {
            throw given.Error("only a clusterNotReady or clusterUnreachable fault takes 'reason'");
        }
        return allowed.Contains(given.Text(), StringComparer.Ordinal)
            ? given.Text()
            : throw given.Error($"reason must be {string.Join(" or ", allowed)}");
    }

    /// <summary>A clusterTaint fault's taint, refused where Karmada's Cluster validation refuses it (<c>ValidateClusterTaints</c>).</summary>
    private static ClusterTaint? Taint(ScenarioField field, FaultType type)
    {
        if (type != FaultType.ClusterTaint)
        {
            foreach (var name in new[] { "key", "value", "effect" })
            {
                if (field.Get(name) is { } stray)
                {
                    throw stray.Error($"only a clusterTaint fault takes '{name}'");
                }
            }
            return null;
        }
        var keyField = field.Require("key");
        var key = keyField.Text();
        if (QualifiedNames.KeyProblem(key) is { } badKey)
        {
            throw keyField.Error($"Invalid value: \"{key}\": {badKey}");
        }
        var valueField = field.Get("value");
        var value = valueField is null ? "" : valueField.Text();
        if (QualifiedNames.ValueProblem(value) is { } badValue)
        {
            throw valueField!.Error($"Invalid value: \"{value}\": {badValue}");
        }
        var effectField = field.Get("effect");
        var effect = effectField?.Text() ?? ClusterTaint.NoSchedule;
        if (!ClusterTaint.Effects.Contains(effect, StringComparer.Ordinal))
        {
            throw effectField!.Error($"Unsupported value: \"{effect}\": supported values: {string.Join(", ", ClusterTaint.Effects.Select(e => $"\"{e}\""))}");
        }
        return new ClusterTaint(key, value, effect, TimeSpan.Zero);
    }

    private static string PathPrefix(ScenarioField field)
    {
        var text = field.Text();
        return text.StartsWith('/') ? text : throw field.Error($"a path prefix must start with '/', got '{text}'");
    }
}
