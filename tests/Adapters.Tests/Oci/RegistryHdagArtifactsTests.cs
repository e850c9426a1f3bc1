using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Oci;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Oci;

/// <summary>HDAG artifacts pushed to the real registry (Debian docker-registry) and cached in Azurite.</summary>
public sealed class RegistryHdagArtifactsTests
{
    private const string Descriptor = "hdaGraph:\n  id: image-detection-graph\n  version: 1.0.0\n";
    private readonly string _repository = $"adapters/graph-{Guid.NewGuid():N}"[..30];

    /// <summary>Adapters whose configured registry is the real one; <paramref name="extra"/> may allow others.</summary>
    internal static ServiceProvider Services(params (string Key, string? Value)[] extra) => AdapterServices.Build(
        AdapterServices.Settings([
            .. AdapterServices.FastResilience("Smo:Oci", 1).Select(s => (s.Key, s.Value)),
            ("Smo:BlobStorage:ConnectionString", LocalServices.BlobConnectionString), ("Smo:BlobStorage:ArtifactContainer", "adapters-tests"),
            ("Smo:Oci:Registry", LocalServices.Registry.Authority), .. extra]));

    /// <summary>Adapters allowed to pull from <paramref name="registry"/> as well as the real one.</summary>
    internal static ServiceProvider Allowing(InTestServer registry, params (string Key, string? Value)[] extra) =>
        Services([("Smo:Oci:AllowedRegistries:0", LocalServices.Registry.Authority), ("Smo:Oci:AllowedRegistries:1", registry.Authority), .. extra]);

    private static byte[] Layer(string descriptor = Descriptor) =>
        OciArtifactBuilder.TarGz(("image-detection-graph/README.md", "# not the descriptor"), ("image-detection-graph/hdag.yaml", descriptor));

    [Fact]
    public async Task PullAsync_reads_the_descriptor_from_the_artifact_layer_and_caches_it_by_digest()
    {
        var digest = await OciArtifactBuilder.PushAsync(LocalServices.Registry, _repository, "1.0.0", Layer());
        await using var services = Services();
        var artifacts = services.GetRequiredService<IHdagArtifacts>();
        var reference = $"http://{LocalServices.Registry.Authority}/{_repository}:1.0.0";

        var pulled = await artifacts.PullAsync(reference);
        var again = await artifacts.PullAsync(reference);

        Assert.Equal(Descriptor, pulled.DescriptorYaml);
        Assert.Equal("image-detection-graph/hdag.yaml", pulled.DescriptorPath);
        Assert.Equal(digest, pulled.ManifestDigest);
        Assert.False(pulled.FromCache);
        Assert.True(again.FromCache);
        Assert.Equal(Descriptor, again.DescriptorYaml);
    }

    [Fact]
    public async Task PullAsync_by_digest_is_served_from_the_cache_without_asking_the_registry()
    {
        var digest = await OciArtifactBuilder.PushAsync(LocalServices.Registry, _repository, "1.0.0", Layer());
        await using var services = Services(("Smo:Oci:AllowedRegistries:0", LocalServices.Registry.Authority), ("Smo:Oci:AllowedRegistries:1", "127.0.0.1:9"));
        var artifacts = services.GetRequiredService<IHdagArtifacts>();
        await artifacts.PullAsync($"http://{LocalServices.Registry.Authority}/{_repository}@{digest}");

        // Port 9 (discard) has no registry: only the cache can answer.
        var cached = await artifacts.PullAsync($"http://127.0.0.1:9/{_repository}@{digest}");

        Assert.True(cached.FromCache);
        Assert.Equal(Descriptor, cached.DescriptorYaml);
    }

    [Fact]
    public async Task PullAsync_of_a_missing_tag_is_not_found_with_the_registrys_error_code()
    {
        await using var services = Services();

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{LocalServices.Registry.Authority}/{_repository}:9.9.9"));

        Assert.Equal(AdapterFailure.NotFound, failure.Failure);
        Assert.Contains("MANIFEST_UNKNOWN", failure.Message);
        Assert.StartsWith("OCI registry: pull the manifest of", failure.Message);
    }

    [Fact]
    public async Task PullAsync_refuses_a_layer_without_a_yaml_file()
    {
        await OciArtifactBuilder.PushAsync(LocalServices.Registry, _repository, "1.0.0", OciArtifactBuilder.TarGz(("graph/notes.txt", "hello")));
        await using var services = Services();

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{LocalServices.Registry.Authority}/{_repository}:1.0.0"));

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains("holds no .yaml or .yml file", failure.Message);
    }

    [Fact]
    public async Task PullAsync_refuses_a_blob_whose_content_does_not_match_its_digest_and_caches_nothing()
    {
        var layer = Layer();
        var tampered = Layer("hdaGraph:\n  id: tampered\n");
        var (manifest, _) = OciArtifactBuilder.Manifest(layer);
        await using var registry = await InTestServer.StartAsync(app =>
        {
            app.MapGet("/v2/demo/graph/manifests/{reference}", (HttpContext context) =>
            {
                context.Response.Headers["Docker-Content-Digest"] = OciArtifactBuilder.Digest(manifest);
                return Results.Bytes(manifest, OciArtifactBuilder.ManifestType);
            });
            app.MapGet("/v2/demo/graph/blobs/{digest}", () => Results.Bytes(tampered, "application/octet-stream"));
        });
        await using var services = Allowing(registry);
        var artifacts = services.GetRequiredService<IHdagArtifacts>();

        var failure = await Assert.ThrowsAsync<AdapterException>(() => artifacts.PullAsync($"http://{registry.Authority}/demo/graph:1.0.0"));
        var second = await Assert.ThrowsAsync<AdapterException>(() => artifacts.PullAsync($"http://{registry.Authority}/demo/graph:1.0.0"));

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains($"wrong digest: expected {OciArtifactBuilder.Digest(layer)}", failure.Message);
        Assert.Contains("wrong digest", second.Message);
    }

    [Fact]
    public async Task PullAsync_answers_a_bearer_challenge_with_a_token_from_the_realm()
    {
        var layer = Layer();
        var (manifest, _) = OciArtifactBuilder.Manifest(layer);
        string? tokenRequestAuthorization = null;
        string? tokenRequestScope = null;
        InTestServer? registry = null;
        registry = await InTestServer.StartAsync(app =>
        {
            app.MapGet("/token", (HttpContext context) =>
            {
                tokenRequestAuthorization = context.Request.Headers.Authorization;
                tokenRequestScope = context.Request.Query["scope"];
                return Results.Json(new { token = "opaque-token", expires_in = 300 });
            });
            app.MapGet("/v2/demo/graph/{kind}/{reference}", (HttpContext context, string kind) =>
            {
                if (context.Request.Headers.Authorization != "Bearer opaque-token")
                {
                    context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{registry!.BaseUrl}token\",service=\"test-registry\",scope=\"repository:demo/graph:pull\"";
                    return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "authentication required" } } }, statusCode: 401);
                }

                return kind == "manifests" ? Results.Bytes(manifest, OciArtifactBuilder.ManifestType) : Results.Bytes(layer, "application/octet-stream");
            });
        });
        await using (registry)
        {
            await using var services = Services(("Smo:Oci:Registry", registry.Authority), ("Smo:Oci:Username", "smo"), ("Smo:Oci:Password", "s3cret"));

            var pulled = await services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{registry.Authority}/demo/graph:1.0.0");

            Assert.Equal(Descriptor, pulled.DescriptorYaml);
            Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("smo:s3cret")), tokenRequestAuthorization);
            Assert.Equal("repository:demo/graph:pull", tokenRequestScope);
        }
    }

    [Fact]
    public async Task A_refused_token_request_fails_without_revealing_the_password()
    {
        await using var registry = await InTestServer.StartAsync(app =>
        {
            app.MapGet("/token", () => Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "invalid credentials" } } }, statusCode: 401));
            app.MapGet("/v2/demo/graph/manifests/{reference}", (HttpContext context) =>
            {
                context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://{context.Request.Host}/token\",service=\"r\"";
                return Results.StatusCode(401);
            });
        });
        await using var services = Services(("Smo:Oci:Registry", registry.Authority), ("Smo:Oci:Username", "smo"), ("Smo:Oci:Password", "wrong-s3cret"));

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{registry.Authority}/demo/graph:1.0.0"));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("the token service refused: HTTP 401", failure.Message);
        Assert.DoesNotContain("wrong-s3cret", failure.ToString());
    }

    [Theory]
    [InlineData("oci://registry:5000/demo/graph:1.0.0", "registry:5000", "demo/graph", "1.0.0", null)]
    [InlineData("http://10.0.3.53:5000/test/image-detection-graph", "10.0.3.53:5000", "test/image-detection-graph", null, true)]
    [InlineData("https://hdar.example/p/g:v2", "hdar.example", "p/g", "v2", false)]
    public void ArtifactReference_parses_the_forms_users_give(string text, string registry, string repository, string? tag, bool? plainHttp)
    {
        var reference = ArtifactReference.Parse(text);

        Assert.Equal((registry, repository, tag, plainHttp), (reference.Registry, reference.Repository, reference.Tag, reference.PlainHttp));
    }

    [Theory]
    [InlineData("graph", "expected <registry>/<repository>")]
    [InlineData("registry:5000/Demo/Graph", "repository 'Demo/Graph' is not valid")]
    [InlineData("registry:5000/demo/graph@sha256:abc", "is not a sha256 digest")]
    public async Task PullAsync_refuses_a_malformed_reference_before_any_request(string reference, string reason)
    {
        await using var services = Services();

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => services.GetRequiredService<IHdagArtifacts>().PullAsync(reference));

        Assert.Contains(reason, failure.Message);
    }

    [Fact]
    public async Task PullAsync_refuses_a_name_longer_than_the_distribution_limit_before_any_request()
    {
        await using var services = Services();

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => services.GetRequiredService<IHdagArtifacts>().PullAsync($"registry:5000/{new string('r', 250)}:1"));

        Assert.Contains("264 characters together; at most 255", failure.Message);
    }
}
