using System.Text.Json;
using k8s;

namespace Smo.Adapters.Karmada;

/// <summary>Reads the envelope of a Kubernetes list returned by the CustomObjects API.</summary>
internal static class KubernetesObjects
{
    public static IReadOnlyList<JsonElement> Items(object list, ExternalSystem system, string operation)
    {
        var root = ToElement(list);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new AdapterException(system, operation, AdapterFailure.InvalidResponse, "the answer is not a Kubernetes list (no items array)");
        }

        return items.EnumerateArray().ToList();
    }

    /// <summary>KubernetesClient hands custom objects back as <see cref="JsonElement"/>; anything else is re-read as JSON.</summary>
    public static JsonElement ToElement(object value) =>
        value is JsonElement element ? element : JsonDocument.Parse(KubernetesJson.Serialize(value)).RootElement;
}
