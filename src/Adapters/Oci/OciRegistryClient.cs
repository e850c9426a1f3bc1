using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Oci;

/// <summary>
/// Pulls manifests and blobs over the OCI distribution API, answering Basic and Bearer-token challenges, and
/// checking that every byte matches its digest. Only registries on the allow-list are asked; the configured
/// credentials go to the configured registry (and its token service on the same host) and nowhere else; a
/// registry's error body is reduced to its error codes, never repeated to the caller.
/// </summary>
public sealed class OciRegistryClient(HttpClient http, IOptions<OciOptions> options, TimeProvider time, RegistryTokenCache tokens)
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    // Tokens default to 60 s when the token service does not say (distribution token spec).
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    // A token answer is a few kilobytes; anything far larger is not one.
    private const long MaxTokenResponseBytes = 256 << 10;

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
        if (!options.Value.IsAllowed(artifact.Registry))
        {
            throw NotAllowed(artifact.Registry, options.Value);
        }

        var scheme = artifact.PlainHttp ?? options.Value.PlainHttp ? "http" : "https";
        var uri = new Uri($"{scheme}://{artifact.Registry}/v2/{artifact.Repository}/{path}");
        var scope = $"repository:{artifact.Repository}:pull";
        using var response = await SendAsync(uri, accept, artifact.Registry, scope, operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.RefusalAsync(operation, response, cancellationToken);
        }

        return new Pulled(
            await ReadBoundedAsync(response, operation, cancellationToken),
            response.Headers.TryGetValues("Docker-Content-Digest", out var digests) ? digests.FirstOrDefault() : null,
            response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The not-allowed refusal: the caller named a registry Smo was not told to trust.</summary>
    public static ArgumentException NotAllowed(string registry, OciOptions settings) => new(
        $"registry '{registry}' is not on the allow-list ({(settings.Allowed() is { Count: > 0 } allowed ? string.Join(", ", allowed) : "empty")}); "
        + $"{OciOptions.Section}:AllowedRegistries names the registries deploys may use (default: {OciOptions.Section}:Registry)", "reference");

    private async Task<HttpResponseMessage> SendAsync(Uri uri, IReadOnlyList<string> accept, string registry, string scope, string operation, CancellationToken cancellationToken)
    {
        var credential = tokens.Get(registry, scope);
        var response = await http.SendAsync(Request(uri, accept, credential), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || RegistryChallenge.From(response) is not { } challenge)
        {
            return response;
        }

        response.Dispose();
        credential = await AuthenticateAsync(challenge, uri, registry, scope, operation, cancellationToken);
        tokens.Set(registry, scope, credential);
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

    private async Task<RegistryCredential> AuthenticateAsync(
        RegistryChallenge challenge, Uri registryUri, string registry, string scope, string operation, CancellationToken cancellationToken)
    {
        var basic = BasicCredentials(registry);
        if (challenge.IsBasic)
        {
            return basic is null
                ? throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.Rejected, NoCredentials(registry))
                : new RegistryCredential(basic, DateTimeOffset.MaxValue);
        }

        if (!challenge.IsBearer || !challenge.Parameters.TryGetValue("realm", out var realmText))
        {
            throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.Rejected,
                "the registry asks for an authentication scheme Smo does not speak (Basic and Bearer are supported)");
        }

        if (!Uri.TryCreate(realmText, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(realm.UserInfo))
        {
            throw new AdapterException(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse,
                "the registry's token realm is not an http(s) URL");
        }

        // The password is for the registry's host: a token service elsewhere (or over plain HTTP when the registry
        // speaks HTTPS) is asked anonymously, so a registry cannot send Smo's credentials to a host of its choosing.
        if (!SameHost(realm, registryUri))
        {
            basic = null;
        }

        var query = new StringBuilder("?scope=").Append(Uri.EscapeDataString(challenge.Parameters.GetValueOrDefault("scope") ?? scope));
        if (challenge.Parameters.TryGetValue("service", out var service))
        {
            query.Append("&service=").Append(Uri.EscapeDataString(service));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = query.ToString() }.Uri);
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await RegistryErrors.RefusalAsync(operation, response, cancellationToken);
            throw new AdapterException(ExternalSystem.OciRegistry, operation, failure.Failure, $"the token service refused: {failure.Reason}");
        }

        var body = await ReadBoundedAsync(response, MaxTokenResponseBytes, "a token answer's size limit", operation, cancellationToken);
        return TokenReader.Read(body, time.GetUtcNow(), DefaultTokenLifetime, operation);
    }

    private static bool SameHost(Uri realm, Uri registry) =>
        string.Equals(realm.IdnHost, registry.IdnHost, StringComparison.OrdinalIgnoreCase)
        && (realm.Scheme == Uri.UriSchemeHttps || registry.Scheme == Uri.UriSchemeHttp);

    private AuthenticationHeaderValue? BasicCredentials(string registry)
    {
        var settings = options.Value;
        return settings.OwnsCredentialsFor(registry)
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")))
            : null;
    }

    private string NoCredentials(string registry) => options.Value switch
    {
        { Username: null or "" } => $"the registry requires credentials (Basic auth) and none are configured ({OciOptions.Section}:Username/Password)",
        var settings => $"the registry requires credentials (Basic auth); Smo's are for {settings.Registry} only, never sent to {registry}",
    };

    private Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken) =>
        ReadBoundedAsync(response, options.Value.MaxBlobBytes, $"{OciOptions.Section}:MaxBlobBytes", operation, cancellationToken);

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, long limit, string setting, string operation, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(operation, limit, setting);
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
                throw TooLarge(operation, limit, setting);
            }
        }

        return buffer.ToArray();
    }

    private static AdapterException TooLarge(string operation, long limit, string setting) =>
        new(ExternalSystem.OciRegistry, operation, AdapterFailure.InvalidResponse, $"the content is larger than the {limit}-byte limit ({setting})");

    private sealed record Pulled(byte[] Bytes, string? AnnouncedDigest, string? ContentType);

    /// <summary>Reads the token service's answer.</summary>
    private static class TokenReader
    {
        public static RegistryCredential Read(byte[] body, DateTimeOffset now, TimeSpan defaultLifetime, string operation)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
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
                    "the token service's answer is not a token (JSON with token or access_token)", exception);
            }
        }
    }
}
