using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Storage;

/// <summary>Documents in Azure Blob storage; containers are created on first use.</summary>
public sealed class AzureBlobDocuments(IOptions<BlobStorageOptions> options) : IBlobDocuments
{
    private readonly Lazy<BlobServiceClient> _service = new(() => Connect(options.Value), LazyThreadSafetyMode.PublicationOnly);
    private readonly ConcurrentDictionary<string, bool> _createdContainers = new(StringComparer.Ordinal);

    public Task PutAsync(string container, string name, BinaryData content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default) =>
        RunAsync($"store {container}/{name}", async () =>
        {
            var blobs = await ContainerAsync(container, cancellationToken);
            await blobs.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { Metadata = metadata.ToDictionary() }, cancellationToken);
            return true;
        });

    public Task<BlobDocument?> GetAsync(string container, string name, CancellationToken cancellationToken = default) =>
        RunAsync<BlobDocument?>($"read {container}/{name}", async () =>
        {
            var blobs = await ContainerAsync(container, cancellationToken);
            try
            {
                var download = await blobs.GetBlobClient(name).DownloadContentAsync(cancellationToken);
                return new BlobDocument(download.Value.Content, download.Value.Details.Metadata.AsReadOnly());
            }
            catch (RequestFailedException notFound) when (notFound.Status == 404)
            {
                return null;
            }
        });

    private async Task<BlobContainerClient> ContainerAsync(string container, CancellationToken cancellationToken)
    {
        var client = _service.Value.GetBlobContainerClient(container);
        if (!_createdContainers.ContainsKey(container))
        {
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _createdContainers[container] = true;
        }

        return client;
    }

    private static async Task<T> RunAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException exception)
        {
            // The SDK already retried transient faults (see Connect).
            var failure = exception.Status is 0 or 408 or 500 or 503 ? AdapterFailure.Unavailable : AdapterFailure.Rejected;
            var reason = exception.Status == 0 ? exception.Message : $"HTTP {exception.Status} {exception.ErrorCode}";
            throw new AdapterException(ExternalSystem.BlobStorage, operation, failure, reason, exception);
        }
        catch (AggregateException exception)
        {
            // The SDK's retries ended in network errors (storage down).
            throw new AdapterException(ExternalSystem.BlobStorage, operation, AdapterFailure.Unavailable,
                exception.InnerExceptions.LastOrDefault()?.Message ?? exception.Message, exception);
        }
        catch (FormatException exception)
        {
            throw new AdapterException(ExternalSystem.BlobStorage, operation, AdapterFailure.Rejected,
                $"the connection string is malformed: {exception.Message}", exception);
        }
    }

    private static BlobServiceClient Connect(BlobStorageOptions options)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return new BlobServiceClient(options.ConnectionString, clientOptions);
    }
}
