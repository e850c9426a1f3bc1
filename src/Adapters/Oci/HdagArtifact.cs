namespace Smo.Adapters.Oci;

/// <summary>An HDAG descriptor pulled from a registry.</summary>
/// <param name="ManifestDigest">Digest of the manifest the descriptor came from (the cache key).</param>
/// <param name="DescriptorPath">Path of the YAML file inside the layer's tarball.</param>
/// <param name="FromCache">True when the descriptor was served from blob storage, not the registry.</param>
public sealed record HdagArtifact(string Reference, string ManifestDigest, string LayerDigest, string DescriptorPath, string DescriptorYaml, bool FromCache);
