using System.Text.Json;
using System.Text.Json.Nodes;
using Smo.Simulator.Yaml;

namespace Smo.Simulator.Kubernetes.Patching;

/// <summary>Applies a PATCH body of any accepted kind to a stored object.</summary>
public static class Patcher
{
    /// <summary>Parses the body as the kind demands: YAML (or JSON) for apply patches, JSON otherwise.</summary>
    public static JsonNode ParseBody(string body, PatchKind kind)
    {
        try
        {
            if (kind == PatchKind.ApplyPatch)
            {
                var documents = YamlToJson.Documents(body, "apply patch");
                return documents.Count == 1 && YamlToJson.Convert(documents[0].RootNode) is JsonObject applied
                    ? applied
                    : throw new PatchException("an apply patch must be exactly one YAML or JSON object", malformed: true);
            }
            return JsonNode.Parse(body) ?? throw new PatchException("the patch body is null", malformed: true);
        }
        catch (Exception e) when (e is JsonException or YamlSyntaxException)
        {
            throw new PatchException($"error decoding patch: {e.Message}", malformed: true);
        }
    }

    /// <summary>
    /// The patched object. Apply patches merge like merge patches here: the simulator keeps no field ownership,
    /// so server-side apply conflicts between managers never happen.
    /// </summary>
    public static JsonObject Apply(JsonObject target, JsonNode patch, PatchKind kind)
    {
        var result = kind switch
        {
            PatchKind.JsonPatch => JsonPatch.Apply(target, patch),
            PatchKind.StrategicMergePatch => StrategicMergePatch.Apply(target, patch),
            _ => JsonMergePatch.Apply(target, patch),
        };
        return result as JsonObject ?? throw new PatchException("the patched document is not a JSON object", malformed: false);
    }
}
