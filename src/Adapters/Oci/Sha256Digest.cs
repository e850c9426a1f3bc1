using System.Security.Cryptography;

namespace Smo.Adapters.Oci;

/// <summary>Content digests in OCI form (<c>sha256:&lt;hex&gt;</c>).</summary>
internal static class Sha256Digest
{
    public static string Of(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
