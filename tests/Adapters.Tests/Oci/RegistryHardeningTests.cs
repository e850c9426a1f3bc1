using System.IO.Compression;
using System.Formats.Tar;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Oci;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Oci;

/// <summary>
/// A deploy names the artifact, so the registry is the caller's choice: Smo must not reach hosts off its allow-list,
/// hand its credentials to anyone but their registry, repeat a registry's words, or unpack a bomb.
/// </summary>
public sealed class RegistryHardeningTests
{
    private const string Descriptor = "hdaGraph:\n  id: hardened-graph\n";

    private static (string Key, string? Value)[] Credentials(string registry) =>
        [("Smo:Oci:Registry", registry), ("Smo:Oci:Username", "smo"), ("Smo:Oci:Password", "s3cret")];

    [Fact]
    public async Task A_registry_off_the_allow_list_is_refused_before_any_request()
    {
        var requests = 0;
        await using var elsewhere = await InTestServer.StartAsync(app => app.Use((HttpContext _, RequestDelegate _) =>
        {
            Interlocked.Increment(ref requests);
            return Task.CompletedTask;
        }));
        await using var services = RegistryHdagArtifactsTests.Services();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{elsewhere.Authority}/demo/graph:1.0.0"));
        var pinned = await Assert.ThrowsAsync<ArgumentException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{elsewhere.Authority}/demo/graph@sha256:{new string('a', 64)}"));

        Assert.Contains($"registry '{elsewhere.Authority}' is not on the allow-list ({LocalServices.Registry.Authority})", refused.Message);
        Assert.Contains("Smo:Oci:AllowedRegistries", refused.Message);
        Assert.Contains("not on the allow-list", pinned.Message);
        Assert.Equal(0, requests);
    }

    [Fact]
    public void Settings_without_a_registry_or_with_credentials_for_no_registry_are_refused()
    {
        using var none = AdapterServices.Build(AdapterServices.Settings(("Smo:Oci:PlainHttp", "true")));
        using var orphan = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Oci:AllowedRegistries:0", "registry.example"), ("Smo:Oci:Username", "smo"), ("Smo:Oci:Password", "s3cret")));

        var noRegistry = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => none.GetRequiredService<OciRegistryClient>());
        var noOwner = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => orphan.GetRequiredService<OciRegistryClient>());

        Assert.Contains("Smo:Oci needs Registry (host[:port]) or AllowedRegistries", noRegistry.Message);
        Assert.Contains("Smo:Oci:Username needs Smo:Oci:Registry", noOwner.Message);
    }

    [Fact]
    public async Task Credentials_are_never_sent_to_an_allowed_registry_they_are_not_for()
    {
        string? presented = "not asked";
        await using var other = await InTestServer.StartAsync(app => app.MapGet("/v2/demo/graph/manifests/{reference}", (HttpContext context) =>
        {
            presented = context.Request.Headers.Authorization;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"other\"";
            return Results.StatusCode(401);
        }));
        await using var services = RegistryHdagArtifactsTests.Services([
            .. Credentials(LocalServices.Registry.Authority),
            ("Smo:Oci:AllowedRegistries:0", LocalServices.Registry.Authority), ("Smo:Oci:AllowedRegistries:1", other.Authority)]);

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{other.Authority}/demo/graph:1.0.0"));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains($"Smo's are for {LocalServices.Registry.Authority} only, never sent to {other.Authority}", failure.Message);
        Assert.Null(presented);
    }

    [Fact]
    public async Task A_token_realm_on_another_host_is_asked_anonymously()
    {
        var layer = OciArtifactBuilder.TarGz(("graph/hdag.yaml", Descriptor));
        var (manifest, _) = OciArtifactBuilder.Manifest(layer);
        string? presentedToRealm = "not asked";
        await using var realm = await InTestServer.StartAsync(app => app.MapGet("/token", (HttpContext context) =>
        {
            presentedToRealm = context.Request.Headers.Authorization;
            return Results.Json(new { token = "anonymous-token" });
        }));
        await using var registry = await InTestServer.StartAsync(app => app.MapGet("/v2/demo/graph/{kind}/{reference}", (HttpContext context, string kind) =>
        {
            if (context.Request.Headers.Authorization != "Bearer anonymous-token")
            {
                // localhost, not 127.0.0.1: another host name for the realm, as a hostile registry would give.
                context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://localhost:{realm.BaseUrl.Port}/token\",service=\"r\"";
                return Results.StatusCode(401);
            }

            return kind == "manifests" ? Results.Bytes(manifest, OciArtifactBuilder.ManifestType) : Results.Bytes(layer, "application/octet-stream");
        }));
        await using var services = RegistryHdagArtifactsTests.Services(Credentials(registry.Authority));

        var pulled = await services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{registry.Authority}/demo/graph:1.0.0");

        Assert.Equal(Descriptor, pulled.DescriptorYaml);
        Assert.Null(presentedToRealm);
    }

    [Fact]
    public async Task A_redirect_to_another_host_does_not_carry_the_credentials()
    {
        var layer = OciArtifactBuilder.TarGz(("graph/hdag.yaml", Descriptor));
        var (manifest, _) = OciArtifactBuilder.Manifest(layer);
        string? presentedToStorage = "not asked";
        await using var storage = await InTestServer.StartAsync(app => app.MapGet("/layer", (HttpContext context) =>
        {
            presentedToStorage = context.Request.Headers.Authorization;
            return Results.Bytes(layer, "application/octet-stream");
        }));
        await using var registry = await InTestServer.StartAsync(app => app.MapGet("/v2/demo/graph/{kind}/{reference}", (HttpContext context, string kind) =>
        {
            if (context.Request.Headers.Authorization.Count == 0)
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"registry\"";
                return Results.StatusCode(401);
            }

            return kind == "manifests" ? Results.Bytes(manifest, OciArtifactBuilder.ManifestType) : Results.Redirect($"http://localhost:{storage.BaseUrl.Port}/layer");
        }));
        await using var services = RegistryHdagArtifactsTests.Services(Credentials(registry.Authority));

        var pulled = await services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{registry.Authority}/demo/graph:1.0.0");

        Assert.Equal(Descriptor, pulled.DescriptorYaml);
        Assert.Null(presentedToStorage);
    }

    [Theory]
    [InlineData("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"db at 10.1.2.3:5432 said: password authentication failed\"}]}", "HTTP 403 Forbidden: DENIED")]
    [InlineData("<html>internal proxy 10.1.2.3 refused</html>", "HTTP 403 Forbidden")]
    [InlineData("{\"errors\":[{\"code\":\"<script>alert(1)</script>\",\"message\":\"x\"}]}", "HTTP 403 Forbidden")]
    public async Task A_registrys_error_body_is_reduced_to_its_spec_error_codes(string body, string reason)
    {
        await using var registry = await InTestServer.StartAsync(app =>
            app.MapGet("/v2/demo/graph/manifests/{reference}", () => Results.Text(body, "application/json", statusCode: 403)));
        await using var services = RegistryHdagArtifactsTests.Allowing(registry);

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{registry.Authority}/demo/graph:1.0.0"));

        Assert.EndsWith(reason, failure.Message);
        Assert.DoesNotContain("10.1.2.3", failure.Message);
        Assert.DoesNotContain("script", failure.Message);
    }

    [Fact]
    public async Task A_layer_that_unpacks_past_the_limit_is_refused_whatever_its_compressed_size()
    {
        // 32 MiB of zeros compress to about 32 KiB.
        var bomb = TarGzOfZeros(("graph/hdag.yaml", 100), ("graph/padding.bin", 32 << 20));
        await using var registry = await ServingAsync(bomb);
        await using var services = RegistryHdagArtifactsTests.Allowing(registry, ("Smo:Oci:MaxLayerUnpackedBytes", (4 << 20).ToString()));

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{registry.Authority}/demo/graph:1.0.0"));

        Assert.True(bomb.Length < 256 << 10, $"the bomb is small when compressed ({bomb.Length} bytes)");
        Assert.Contains($"the layer unpacks to more than {4 << 20} bytes (Smo:Oci:MaxLayerUnpackedBytes)", failure.Message);
    }

    [Fact]
    public async Task A_layer_with_more_entries_than_the_limit_is_refused()
    {
        var many = TarGzOfZeros([.. Enumerable.Range(0, 50).Select(i => ($"graph/file-{i:00}.txt", 1)), ("graph/hdag.yaml", 10)]);
        await using var registry = await ServingAsync(many);
        await using var services = RegistryHdagArtifactsTests.Allowing(registry, ("Smo:Oci:MaxLayerEntries", "20"));

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IHdagArtifacts>().PullAsync($"http://{registry.Authority}/demo/graph:1.0.0"));

        Assert.Contains("the layer holds more than 20 entries (Smo:Oci:MaxLayerEntries)", failure.Message);
    }

    [Fact]
    public async Task A_failing_registry_opens_its_own_circuit_and_not_the_others()
    {
        await using var failing = await InTestServer.StartAsync(app =>
            app.MapGet("/v2/demo/graph/manifests/{reference}", () => Results.StatusCode(503)));
        var layer = OciArtifactBuilder.TarGz(("graph/hdag.yaml", Descriptor));
        await using var healthy = await ServingAsync(layer);
        await using var services = RegistryHdagArtifactsTests.Services(
            ("Smo:Oci:AllowedRegistries:0", failing.Authority), ("Smo:Oci:AllowedRegistries:1", healthy.Authority),
            ("Smo:Oci:Resilience:MaxRetries", "0"), ("Smo:Oci:Resilience:BreakerMinimumThroughput", "2"),
            ("Smo:Oci:Resilience:BreakDuration", "00:01:00"));
        var artifacts = services.GetRequiredService<IHdagArtifacts>();

        AdapterException? last = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            last = await Assert.ThrowsAsync<AdapterException>(() => artifacts.PullAsync($"http://{failing.Authority}/demo/graph:1.0.0"));
        }

        var pulled = await artifacts.PullAsync($"http://{healthy.Authority}/demo/graph:1.0.0");

        Assert.Contains("the circuit is open", last!.Message);
        Assert.Equal(Descriptor, pulled.DescriptorYaml);
        Assert.Equal(2, services.GetRequiredService<RegistryPipelines>().Count);
    }

    [Fact]
    public async Task The_token_cache_keeps_at_most_its_limit()
    {
        var layer = OciArtifactBuilder.TarGz(("graph/hdag.yaml", Descriptor));
        var (manifest, _) = OciArtifactBuilder.Manifest(layer);
        InTestServer? registry = null;
        registry = await InTestServer.StartAsync(app =>
        {
            app.MapGet("/token", (HttpContext context) => Results.Json(new { token = "t-" + context.Request.Query["scope"], expires_in = 3600 }));
            app.MapGet("/v2/demo/{repository}/{kind}/{reference}", (HttpContext context, string repository, string kind) =>
            {
                if (context.Request.Headers.Authorization != $"Bearer t-repository:demo/{repository}:pull")
                {
                    context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{registry!.BaseUrl}token\",service=\"r\"";
                    return Results.StatusCode(401);
                }

                return kind == "manifests" ? Results.Bytes(manifest, OciArtifactBuilder.ManifestType) : Results.Bytes(layer, "application/octet-stream");
            });
        });
        await using (registry)
        {
            await using var services = RegistryHdagArtifactsTests.Allowing(registry, ("Smo:Oci:MaxCachedTokens", "3"),
                ("Smo:BlobStorage:ArtifactContainer", $"tokens-{Guid.NewGuid():N}"[..20]));
            var artifacts = services.GetRequiredService<IHdagArtifacts>();

            foreach (var repository in Enumerable.Range(0, 8).Select(i => $"graph-{i}"))
            {
                await artifacts.PullAsync($"http://{registry.Authority}/demo/{repository}:1.0.0");
            }

            Assert.InRange(services.GetRequiredService<RegistryTokenCache>().Count, 1, 3);
        }
    }

    /// <summary>A registry serving <paramref name="layer"/> as demo/graph.</summary>
    private static Task<InTestServer> ServingAsync(byte[] layer)
    {
        var (manifest, _) = OciArtifactBuilder.Manifest(layer);
        return InTestServer.StartAsync(app => app.MapGet("/v2/demo/graph/{kind}/{reference}", (string kind) =>
            kind == "manifests" ? Results.Bytes(manifest, OciArtifactBuilder.ManifestType) : Results.Bytes(layer, "application/octet-stream")));
    }

    /// <summary>A tar.gz whose files hold the given numbers of zero bytes.</summary>
    private static byte[] TarGzOfZeros(params (string Path, int Bytes)[] files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, bytes) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(new byte[bytes]) });
            }
        }

        return output.ToArray();
    }
}
