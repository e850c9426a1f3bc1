using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Adapters.Storage;

namespace Smo.Adapters.Oci;

/// <summary>
/// Pulls HDAG artifacts (manifest → tar.gz layer → descriptor YAML) and keeps each descriptor in blob storage
/// under its manifest digest: digests never change meaning, so a cached entry never goes stale. A reference pinned
/// by digest is served from the cache without asking the registry; a tag is always resolved (tags move).
/// </summary>
public sealed class RegistryHdagArtifacts(
    OciRegistryClient registry,
    IBlobDocuments blobs,
    IOptions<OciOptions> options,
    IOptions<BlobStorageOptions> storage,
    ILogger<RegistryHdagArtifacts> logger) : IHdagArtifacts
{
    private const string LayerDigestKey = "layerdigest";
    private const string DescriptorPathKey = "descriptorpath";

    public async Task<HdagArtifact> PullAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArtifactReference artifact;
        try
        {
            artifact = ArtifactReference.Parse(reference);
        }
        catch (FormatException exception)
        {
            throw new ArgumentException(exception.Message, nameof(reference), exception);
        }

        if (!options.Value.IsAllowed(artifact.Registry))
        {
            throw OciRegistryClient.NotAllowed(artifact.Registry, options.Value);
        }

        if (artifact.Digest is { } pinned && await FromCacheAsync(reference, pinned, cancellationToken) is { } cached)
        {
            return cached;
        }

        var manifest = await registry.GetManifestAsync(artifact, cancellationToken);
        if (await FromCacheAsync(reference, manifest.Digest, cancellationToken) is { } hit)
        {
            return hit;
        }

        var operation = $"pull HDAG artifact {artifact}";
        var layer = PickLayer(manifest, operation);
        var content = await registry.GetBlobAsync(artifact, layer.Digest, cancellationToken);
        string path, yaml;
        try
        {
            (path, yaml) = DescriptorTarball.Extract(content, DescriptorTarball.Limits.From(options.Value));
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
        }

        await blobs.PutAsync(storage.Value.ArtifactContainer, BlobName(manifest.Digest), BinaryData.FromString(yaml),
            new Dictionary<string, string> { [LayerDigestKey] = layer.Digest, [DescriptorPathKey] = Uri.EscapeDataString(path) }, cancellationToken);
        logger.LogInformation("Pulled HDAG artifact {Reference} ({Digest}) and cached its descriptor {Path}", reference, manifest.Digest, path);
        return new HdagArtifact(reference, manifest.Digest, layer.Digest, path, yaml, FromCache: false);
    }

    private async Task<HdagArtifact?> FromCacheAsync(string reference, string manifestDigest, CancellationToken cancellationToken)
    {
        var document = await blobs.GetAsync(storage.Value.ArtifactContainer, BlobName(manifestDigest), cancellationToken);
        if (document is null)
        {
            return null;
        }

        return new HdagArtifact(reference, manifestDigest, document.Metadata.GetValueOrDefault(LayerDigestKey) ?? "",
            Uri.UnescapeDataString(document.Metadata.GetValueOrDefault(DescriptorPathKey) ?? ""),
            Encoding.UTF8.GetString(document.Content), FromCache: true);
    }

    /// <summary>The tar.gz layer: by media type or file name, or the only layer there is.</summary>
    private static OciDescriptor PickLayer(OciManifest manifest, string operation)
    {
        var archives = manifest.Layers.Where(IsTarGz).ToList();
        return archives.Count switch
        {
            1 => archives[0],
            0 when manifest.Layers.Count == 1 => manifest.Layers[0],
            0 => throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse,
                $"the manifest has {manifest.Layers.Count} layers and none is a tar.gz"),
            _ => throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse,
                $"the manifest has {archives.Count} tar.gz layers; an HDAG artifact has one"),
        };
    }

    private static bool IsTarGz(OciDescriptor layer) =>
        layer.MediaType.Contains("tar+gzip", StringComparison.OrdinalIgnoreCase)
        || layer.MediaType.EndsWith(".tar.gzip", StringComparison.OrdinalIgnoreCase)
        || (layer.Annotations.TryGetValue("org.opencontainers.image.title", out var title)
            && (title.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || title.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)));

    private static string BlobName(string manifestDigest) => manifestDigest.Replace(':', '/') + ".yaml";
}
