using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Oci;

/// <summary>
/// Pulls manifests and blobs over the OCI distribution API, answering Basic and Bearer-token challenges, and
/// checking that every byte matches its digest.
/// </summary>
public sealed class OciRegistryClient(HttpClient http, IOptions<OciOptions> options, TimeProvider time)
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    // Tokens default to 60 s when the token service does not say (distribution token spec).
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Registry, string Scope), RegistryCredential> _credentials = new();

    public async Task<OciManifest> GetManifestAsync(ArtifactReference artifact, CancellationToken cancellationToken = default)
    {
        var operation = $"pull the manifest of {artifact}";
        return await ExternalCall.RunAsync(ExternalSystem.OciRegistry, operation, async () =>
        {
            var pulled = await GetAsync(artifact, $"manifests/{artifact.Reference}", ManifestTypes, operation, cancellationToken);
            var digest = Sha256Digest.Of(pulled.Bytes);
            var expected = artifact.Digest ?? pulled.AnnouncedDigest;
            if (expected is not null && expected != digest)
            {
                throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse,
                    $"wrong digest: expected {expected}, the content hashes to {digest}");
            }

            return ManifestReader.Read(pulled.Bytes, digest, pulled.ContentType, operation);
        }, cancellationToken);
    }

    public Task<byte[]> GetBlobAsync(ArtifactReference artifact, string digest, CancellationToken cancellationToken = default)
    {
        var operation = $"pull blob {digest} of {artifact}";
        return ExternalCall.RunAsync(ExternalSystem.OciRegistry, operation, async () =>
        {
            var bytes = (await GetAsync(artifact, $"blobs/{digest}", [], operation, cancellationToken)).Bytes;
            var actual = Sha256Digest.Of(bytes);
            if (actual != digest)
            {
                throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse,
                    $"wrong digest: expected {digest}, the content hashes to {actual}");
            }

            return bytes;
        }, cancellationToken);
    }

    private async Task<Pulled> GetAsync(
        ArtifactReference artifact, string path, IReadOnlyList<string> accept, string operation, CancellationToken cancellationToken)
    {
        var scheme = artifact.PlainHttp ?? options.Value.PlainHttp ? "http" : "https";
        var uri = new Uri($"{scheme}://{artifact.Registry}/v2/{artifact.Repository}/{path}");
        var scope = $"repository:{artifact.Repository}:pull";
        using var response = await SendAsync(uri, accept, artifact.Registry, scope, operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await HttpFailure.FromResponseAsync(ExternalSystem.OciRegistry, operation, response, RegistryErrors.Message, cancellationToken);
        }

        return new Pulled(
            await ReadBoundedAsync(response, operation, cancellationToken),
            response.Headers.TryGetValues("Docker-Content-Digest", out var digests) ? digests.FirstOrDefault() : null,
            response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, IReadOnlyList<string> accept, string registry, string scope, string operation, CancellationToken cancellationToken)
    {
        _credentials.TryGetValue((registry, scope), out var credential);
        if (credential is not null && credential.ExpiresAt <= time.GetUtcNow())
        {
            credential = null;
        }

        var response = await http.SendAsync(Request(uri, accept, credential), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || RegistryChallenge.From(response) is not { } challenge)
        {
            return response;
        }

        response.Dispose();
        credential = await AuthenticateAsync(challenge, scope, operation, cancellationToken);
        _credentials[(registry, scope)] = credential;
        return await http.SendAsync(Request(uri, accept, credential), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static HttpRequestMessage Request(Uri uri, IReadOnlyList<string> accept, RegistryCredential? credential)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var type in accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        request.Headers.Authorization = credential?.Header;
        return request;
    }

    private async Task<RegistryCredential> AuthenticateAsync(RegistryChallenge challenge, string scope, string operation, CancellationToken cancellationToken)
    {
        var basic = BasicCredentials();
        if (challenge.IsBasic)
        {
            return basic is null
                ? throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.Rejected,
                    "the registry requires credentials (Basic auth) and none are configured (Smo:Oci:Username/Password)")
                : new RegistryCredential(basic, DateTimeOffset.MaxValue);
        }

        if (!challenge.IsBearer || !challenge.Parameters.TryGetValue("realm", out var realm))
        {
            throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.Rejected,
                $"the registry asks for unsupported authentication '{challenge.Scheme}'");
        }

        var query = new StringBuilder("?scope=").Append(Uri.EscapeDataString(challenge.Parameters.GetValueOrDefault("scope") ?? scope));
        if (challenge.Parameters.TryGetValue("service", out var service))
        {
            query.Append("&service=").Append(Uri.EscapeDataString(service));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(realm + query));
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await HttpFailure.FromResponseAsync(ExternalSystem.OciRegistry, operation, response, RegistryErrors.Message, cancellationToken);
            throw new AdapterException(ExternalSystem.OciRegistry, operation, failure.Failure, $"the token service refused: {failure.Reason}");
        }

        return await TokenReader.ReadAsync(response, time.GetUtcNow(), DefaultTokenLifetime, operation, cancellationToken);
    }

    private AuthenticationHeaderValue? BasicCredentials()
    {
        var settings = options.Value;
        return string.IsNullOrEmpty(settings.Username)
            ? null
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBlobBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(operation, limit);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw TooLarge(operation, limit);
            }
        }

        return buffer.ToArray();
    }

    private static AdapterException TooLarge(string operation, long limit) =>
        new(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse, $"the content is larger than the {limit}-byte limit (Smo:Oci:MaxBlobBytes)");

    private sealed record Pulled(byte[] Bytes, string? AnnouncedDigest, string? ContentType);

    /// <summary>Reads the token service's answer.</summary>
    private static class TokenReader
    {
        public static async Task<RegistryCredential> ReadAsync(HttpResponseMessage response, DateTimeOffset now, TimeSpan defaultLifetime, string operation, CancellationToken cancellationToken)
        {
            try
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var root = document.RootElement;
                var token = (root.TryGetProperty("token", out var t) ? t.GetString() : null)
                            ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null);
                if (string.IsNullOrEmpty(token))
                {
                    throw new FormatException("neither token nor access_token is set");
                }

                var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : defaultLifetime;
                return new RegistryCredential(new AuthenticationHeaderValue("Bearer", token), now + lifetime * 0.9);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
            {
                throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse,
                    $"the token service's answer is unusable: {exception.Message}", exception);
            }
        }
    }
}
