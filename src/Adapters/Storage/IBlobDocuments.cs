namespace Smo.Adapters.Storage;

/// <summary>Named documents in blob containers, each with string metadata.</summary>
public interface IBlobDocuments
{
    Task PutAsync(string container, string name, BinaryData content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default);

    /// <summary>The document and its metadata, or null when there is none of that name.</summary>
    Task<BlobDocument?> GetAsync(string container, string name, CancellationToken cancellationToken = default);
}

public sealed record BlobDocument(BinaryData Content, IReadOnlyDictionary<string, string> Metadata);
