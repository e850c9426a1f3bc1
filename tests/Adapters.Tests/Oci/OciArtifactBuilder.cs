using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Smo.Adapters.Tests.Oci;

/// <summary>Builds HDAG artifacts (a tar.gz layer and an OCI manifest) and pushes them the way the distribution spec says.</summary>
public static class OciArtifactBuilder
{
    public const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    public const string LayerType = "application/vnd.oci.image.layer.v1.tar+gzip";

    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static byte[] TarGz(params (string Path, string Content)[] files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return output.ToArray();
    }

    public static (byte[] Manifest, byte[] Config) Manifest(byte[] layer, string? layerDigest = null)
    {
        var config = "{}"u8.ToArray();
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestType,
            ["artifactType"] = "application/vnd.nephele.hdag.v1",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.empty.v1+json", ["digest"] = Digest(config), ["size"] = config.Length },
            ["layers"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = LayerType,
                ["digest"] = layerDigest ?? Digest(layer),
                ["size"] = layer.Length,
                ["annotations"] = new JsonObject { ["org.opencontainers.image.title"] = "graph-1.0.0.tar.gz" },
            }),
        };
        return (Encoding.UTF8.GetBytes(manifest.ToJsonString()), config);
    }

    /// <summary>Push: POST an upload, PUT the blob to its location with the digest, then PUT the manifest. Returns the manifest digest.</summary>
    public static async Task<string> PushAsync(Uri registry, string repository, string tag, byte[] layer)
    {
        using var http = new HttpClient { BaseAddress = registry };
        var (manifest, config) = Manifest(layer);
        foreach (var blob in new[] { config, layer })
        {
            using var start = await http.PostAsync($"v2/{repository}/blobs/uploads/", null);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, start.StatusCode);
            var location = start.Headers.Location!.ToString();
            var content = new ByteArrayContent(blob);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var put = await http.PutAsync($"{location}{(location.Contains('?') ? '&' : '?')}digest={Uri.EscapeDataString(Digest(blob))}", content);
            Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);
        }

        var manifestContent = new ByteArrayContent(manifest);
        manifestContent.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        using var pushed = await http.PutAsync($"v2/{repository}/manifests/{tag}", manifestContent);
        Assert.Equal(System.Net.HttpStatusCode.Created, pushed.StatusCode);
        return Digest(manifest);
    }
}
