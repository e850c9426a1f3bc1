using System.Globalization;
using System.Text.Json;

namespace Smo.Adapters.Karmada;

/// <summary>
/// Reads a <c>cluster.karmada.io/v1alpha1</c> Cluster object. Karmada omits empty maps (<c>allocated</c> on an idle
/// cluster), so absent means zero; present but malformed is an error naming the field. A cluster is ready when its
/// <c>Ready</c> condition is True — False (not ready) and Unknown (Karmada no longer hears from it) are not — and it
/// carries neither failure taint (<c>cluster.karmada.io/not-ready</c>, <c>cluster.karmada.io/unreachable</c>, whatever
/// the effect): Karmada's cluster controller put them on by condition up to v1.13, a ClusterTaintPolicy or an operator
/// puts them on since.
/// </summary>
internal static class ClusterObjectReader
{
    public const string NotReadyTaint = "cluster.karmada.io/not-ready";
    public const string UnreachableTaint = "cluster.karmada.io/unreachable";

    private const string ReadyCondition = "Ready";

    /// <exception cref="FormatException">The object is malformed; the message names the cluster and field.</exception>
    public static MemberCluster Read(JsonElement cluster, KarmadaOptions options)
    {
        var name = StringAt(cluster, "metadata", "name") ?? throw new FormatException("a cluster has no metadata.name");
        try
        {
            var labels = Map(cluster, "metadata.labels", "metadata", "labels");
            var summary = Child(cluster, "status", "resourceSummary");
            var allocatable = Map(summary, "status.resourceSummary.allocatable", "allocatable");
            var allocated = Map(summary, "status.resourceSummary.allocated", "allocated");
            var total = Resources(allocatable, "status.resourceSummary.allocatable");
            var used = Resources(allocated, "status.resourceSummary.allocated");
            var failures = Failures(cluster);
            return new MemberCluster(
                name,
                failures.Count == 0,
                failures.Count == 0 ? null : string.Join("; ", failures.Select(f => f.Why)),
                total,
                new ClusterResources(Math.Max(0, total.CpuCores - used.CpuCores), Math.Max(0, total.MemoryBytes - used.MemoryBytes)),
                HasGpu(allocatable, labels, options),
                labels.GetValueOrDefault(options.RegionLabel) ?? StringAt(cluster, "spec", "region"),
                labels.GetValueOrDefault(options.ZoneLabel) ?? FirstZone(cluster))
            {
                NotReadySince = failures.Select(f => f.Since).Where(since => since is not null).Min(),
            };
        }
        catch (FormatException exception)
        {
            throw new FormatException($"cluster {name}: {exception.Message}", exception);
        }
    }

    private static ClusterResources Resources(IReadOnlyDictionary<string, string> resources, string path) => new(
        (double)(resources.TryGetValue("cpu", out var cpu) ? Quantities.Parse(cpu, $"{path}.cpu") : 0m),
        (long)Math.Round(resources.TryGetValue("memory", out var memory) ? Quantities.Parse(memory, $"{path}.memory") : 0m));

    private static bool HasGpu(IReadOnlyDictionary<string, string> allocatable, IReadOnlyDictionary<string, string> labels, KarmadaOptions options)
    {
        if (allocatable.TryGetValue(options.GpuResource, out var gpus) &&
            Quantities.Parse(gpus, $"status.resourceSummary.allocatable.{options.GpuResource}") > 0)
        {
            return true;
        }

        return options.GpuLabel is { Length: > 0 } label &&
               string.Equals(labels.GetValueOrDefault(label), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What makes the cluster unavailable — its Ready condition, its failure taints — each with since when, if it says.</summary>
    private static List<(string Why, DateTimeOffset? Since)> Failures(JsonElement cluster)
    {
        var failures = new List<(string Why, DateTimeOffset? Since)>();
        if (ReadyConditionOf(cluster) is not { } condition)
        {
            failures.Add(("Karmada has not reported a Ready condition", null));
        }
        else if (StringAt(condition, "status") is var status && status != "True")
        {
            failures.Add(($"Ready is {status ?? "unset"}: {StringAt(condition, "reason")} {StringAt(condition, "message")}".TrimEnd(),
                Time(condition, "status.conditions[Ready].lastTransitionTime", "lastTransitionTime")));
        }

        var taints = Child(cluster, "spec", "taints");
        if (taints.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return failures;
        }

        if (taints.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"spec.taints is {taints.ValueKind}, expected an array");
        }

        var index = 0;
        foreach (var taint in taints.EnumerateArray())
        {
            var field = $"spec.taints[{index++}]";
            var key = StringAt(taint, "key") ?? throw new FormatException($"{field} has no key");
            if (key is NotReadyTaint or UnreachableTaint)
            {
                failures.Add(($"tainted {key}:{StringAt(taint, "effect")}", Time(taint, $"{field}.timeAdded", "timeAdded")));
            }
        }

        return failures;
    }

    private static JsonElement? ReadyConditionOf(JsonElement cluster)
    {
        var conditions = Child(cluster, "status", "conditions");
        if (conditions.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (conditions.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"status.conditions is {conditions.ValueKind}, expected an array");
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (StringAt(condition, "type") == ReadyCondition)
            {
                return condition;
            }
        }

        return null;
    }

    /// <summary>An RFC 3339 time at <paramref name="key"/>; null when absent.</summary>
    private static DateTimeOffset? Time(JsonElement owner, string field, string key)
    {
        var value = Child(owner, key);
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String &&
               DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new FormatException($"{field} is {value}, expected an RFC 3339 time");
    }

    private static string? FirstZone(JsonElement cluster)
    {
        var zones = Child(cluster, "spec", "zones");
        if (zones.ValueKind == JsonValueKind.Array && zones.GetArrayLength() > 0 && zones[0].ValueKind == JsonValueKind.String)
        {
            return zones[0].GetString();
        }

        return StringAt(cluster, "spec", "zone");
    }

    private static JsonElement Child(JsonElement element, params string[] path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return default;
            }
        }

        return element;
    }

    private static string? StringAt(JsonElement element, params string[] path)
    {
        var value = Child(element, path);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>A string map at <paramref name="path"/>; empty when absent, an error when not a map of strings.</summary>
    private static IReadOnlyDictionary<string, string> Map(JsonElement element, string field, params string[] path)
    {
        var value = Child(element, path);
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new Dictionary<string, string>();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{field} is {value.ValueKind}, expected an object");
        }

        var map = new Dictionary<string, string>();
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new FormatException($"{field}.{property.Name} is {property.Value.ValueKind}, expected a string");
        }

        return map;
    }
}
