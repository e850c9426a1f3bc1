namespace Smo.Adapters.Oci;

/// <summary>An image/artifact manifest as pulled: its digest, media type and layers.</summary>
public sealed record OciManifest(string Digest, string MediaType, IReadOnlyList<OciDescriptor> Layers);

/// <summary>A content descriptor of a manifest (<c>mediaType</c>, <c>digest</c>, <c>size</c>, <c>annotations</c>).</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size, IReadOnlyDictionary<string, string> Annotations);
