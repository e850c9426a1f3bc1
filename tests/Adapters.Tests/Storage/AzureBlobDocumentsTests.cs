using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Storage;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Storage;

/// <summary>Blob documents in the real Azurite.</summary>
public sealed class AzureBlobDocumentsTests
{
    private const string Container = "adapters-tests-documents";

    private static ServiceProvider Services(string connectionString) => AdapterServices.Build(AdapterServices.Settings(
        ("Smo:BlobStorage:ConnectionString", connectionString), ("Smo:BlobStorage:MaxRetries", "1"), ("Smo:BlobStorage:NetworkTimeout", "00:00:02")));

    [Fact]
    public async Task A_stored_document_is_read_back_with_its_metadata()
    {
        await using var services = Services(LocalServices.BlobConnectionString);
        var blobs = services.GetRequiredService<IBlobDocuments>();
        var name = $"doc-{Guid.NewGuid():N}.json";

        await blobs.PutAsync(Container, name, BinaryData.FromString("{\"a\":1}"), new Dictionary<string, string> { ["kind"] = "test" });
        var document = await blobs.GetAsync(Container, name);

        Assert.Equal("{\"a\":1}", document!.Content.ToString());
        Assert.Equal("test", document.Metadata["kind"]);
    }

    [Fact]
    public async Task A_missing_document_is_null()
    {
        await using var services = Services(LocalServices.BlobConnectionString);

        Assert.Null(await services.GetRequiredService<IBlobDocuments>().GetAsync(Container, $"missing-{Guid.NewGuid():N}"));
    }

    [Fact]
    public async Task Unreachable_storage_is_an_unavailable_error_naming_the_blob()
    {
        await using var services = Services("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;");

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IBlobDocuments>().GetAsync(Container, "x.json"));

        Assert.Equal(AdapterFailure.Unavailable, failure.Failure);
        Assert.StartsWith($"Blob storage: read {Container}/x.json failed", failure.Message);
        Assert.DoesNotContain("AccountKey", failure.Message);
    }
}
