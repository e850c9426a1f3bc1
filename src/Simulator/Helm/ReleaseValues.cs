using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Yaml;

namespace Smo.Simulator.Helm;

/// <summary>
/// The values of a release (all --values files merged, later wins) and what the simulated chart reads from them.
/// SMO injects <c>clustersAffinity</c> at the top level, or under <c>voChartOverwrite</c> for WOT virtual objects
/// (smo-original.md §5.2); resources and replicas are read from the same place.
/// </summary>
public sealed class ReleaseValues
{
    public const string DefaultCpuLimit = "1";
    public const string DefaultMemoryLimit = "512Mi";
    public const int DefaultReplicas = 1;
    private const string VirtualObjectKey = "voChartOverwrite";

    private ReleaseValues(JsonObject merged)
    {
        Merged = merged;
        var placementRoot = merged[VirtualObjectKey] is JsonObject virtualObject && virtualObject["clustersAffinity"] is not null
            ? virtualObject
            : merged;
        Cluster = placementRoot["clustersAffinity"] switch
        {
            JsonArray { Count: > 0 } clusters => clusters[0]?.ToString(),
            JsonValue single => single.ToString(),
            _ => null,
        };
        Resources = placementRoot.ObjectAt("resources") ?? merged.ObjectAt("resources");
        // As Helm's chart scaffold does: the name its objects take, at most 63 characters, no trailing '-'.
        FullnameOverride = merged["fullnameOverride"] is JsonValue name && name.TryGetValue<string>(out var text) && text.Length > 0
            ? text[..Math.Min(text.Length, 63)].TrimEnd('-')
            : null;
        Replicas = (int)(placementRoot.IntegerAt(out _, "replicaCount") ?? placementRoot.IntegerAt(out _, "replicas")
            ?? merged.IntegerAt(out _, "replicaCount") ?? merged.IntegerAt(out _, "replicas") ?? DefaultReplicas);
    }

    public JsonObject Merged { get; }

    /// <summary>The first entry of clustersAffinity; further entries are ignored (SMO always injects one).</summary>
    public string? Cluster { get; }

    public JsonObject? Resources { get; }

    public int Replicas { get; }

    /// <summary>The chart's <c>fullnameOverride</c>: the Deployment's name instead of the release's.</summary>
    public string? FullnameOverride { get; }

    /// <summary>Merges every YAML document of <paramref name="text"/> onto <paramref name="reused"/> (helm --reuse-values);
    /// throws <see cref="YamlSyntaxException"/> or <see cref="FormatException"/>.</summary>
    public static ReleaseValues Parse(string text, JsonObject? reused = null)
    {
        var merged = (JsonObject?)reused?.DeepClone() ?? new JsonObject();
        foreach (var document in YamlToJson.Documents(text, "values"))
        {
            switch (YamlToJson.Convert(document.RootNode))
            {
                case null:
                    break;
                case JsonObject documentValues:
                    merged = (JsonObject)Kubernetes.Patching.JsonMergePatch.Apply(merged, documentValues)!;
                    break;
                case var other:
                    throw new FormatException($"values must be a YAML mapping, got a {other.KindName()}");
            }
        }
        var values = new ReleaseValues(merged);
        values.CheckQuantities();
        return values;
    }

    private void CheckQuantities()
    {
        foreach (var section in new[] { "limits", "requests" })
        {
            foreach (var (resource, amount) in Resources?.ObjectAt(section) ?? [])
            {
                if (amount is null || !Quantity.TryParse(amount.ToString(), out _))
                {
                    throw new FormatException($"resources.{section}.{resource}: '{amount}' is not a Kubernetes quantity (expected e.g. '500m', '1', '2Gi')");
                }
            }
        }
    }
}
