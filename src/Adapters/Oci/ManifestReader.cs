using System.Text.Json;

namespace Smo.Adapters.Oci;

/// <summary>Reads an image manifest's layers; an index (multi-platform) is refused: an HDAG artifact has one manifest.</summary>
internal static class ManifestReader
{
    private const string IndexType = "application/vnd.oci.image.index.v1+json";

    public static OciManifest Read(byte[] bytes, string digest, string? contentType, string operation)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var mediaType = root.TryGetProperty("mediaType", out var m) ? m.GetString() : contentType;
            if (mediaType == IndexType || root.TryGetProperty("manifests", out _))
            {
                throw new FormatException("it is an image index, not a single artifact manifest");
            }

            if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("it has no layers array");
            }

            return new OciManifest(digest, mediaType ?? "", layers.EnumerateArray().Select((layer, i) => Descriptor(layer, $"layers[{i}]")).ToList());
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse, $"malformed manifest: {exception.Message}", exception);
        }
    }

    private static OciDescriptor Descriptor(JsonElement layer, string path)
    {
        var digest = layer.TryGetProperty("digest", out var d) ? d.GetString() : null;
        if (digest is null || !ArtifactReference.DigestPattern().IsMatch(digest))
        {
            throw new FormatException($"{path}.digest is missing or not a sha256 digest");
        }

        var annotations = new Dictionary<string, string>();
        if (layer.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            foreach (var annotation in a.EnumerateObject())
            {
                annotations[annotation.Name] = annotation.Value.GetString() ?? "";
            }
        }

        return new OciDescriptor(
            layer.TryGetProperty("mediaType", out var m) ? m.GetString() ?? "" : "",
            digest,
            layer.TryGetProperty("size", out var s) && s.TryGetInt64(out var size) ? size : -1,
            annotations);
    }
}
