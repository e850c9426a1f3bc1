using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes.Patching;

/// <summary>
/// Strategic merge patch for built-in types: a merge patch in which lists with a patch merge key (containers by
/// name, ports by containerPort, ...) merge element by element, and <c>$patch: delete|replace</c> directives work.
/// Other lists are replaced, as the Go structs without patchStrategy tags are.
/// </summary>
public static class StrategicMergePatch
{
    private const string Directive = "$patch";

    /// <summary>patchMergeKey tags of the fields of apps/v1 and core/v1 types a Deployment contains.</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
    };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        if (patchObject.StringAt(Directive) == "replace")
        {
            var replacement = (JsonObject)patchObject.DeepClone();
            replacement.Remove(Directive);
            return replacement;
        }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray patchList && MergeKeys.TryGetValue(key, out var mergeKey) && result[key] is JsonArray targetList)
            {
                result[key] = MergeList(targetList, patchList, mergeKey);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string mergeKey)
    {
        var merged = target.Select(item => item?.DeepClone()).ToList();
        foreach (var element in patch)
        {
            if (element is not JsonObject patchElement || patchElement[mergeKey] is not { } keyValue)
            {
                throw new PatchException($"map: {element.Describe()} does not contain declared merge key: {mergeKey}", malformed: false);
            }
            var index = merged.FindIndex(item => JsonNode.DeepEquals(item?[mergeKey], keyValue));
            if (patchElement.StringAt(Directive) == "delete")
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
                continue;
            }
            if (index >= 0)
            {
                merged[index] = Apply(merged[index], patchElement);
            }
            else
            {
                merged.Add(Apply(null, patchElement));
            }
        }
        return new JsonArray(merged.ToArray());
    }
}
