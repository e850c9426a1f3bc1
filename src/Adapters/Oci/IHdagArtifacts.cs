namespace Smo.Adapters.Oci;

/// <summary>HDAG artifacts in OCI registries (what <c>hdarctl pull --untar</c> did for the original).</summary>
public interface IHdagArtifacts
{
    /// <summary>The descriptor YAML of the artifact at <paramref name="reference"/>, cached by manifest digest.</summary>
    Task<HdagArtifact> PullAsync(string reference, CancellationToken cancellationToken = default);
}
