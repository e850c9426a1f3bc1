using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Oci;

/// <summary>Pulling HDAG artifacts from OCI registries (section <c>Smo:Oci</c>).</summary>
public sealed class OciOptions
{
    public const string Section = "Smo:Oci";

    /// <summary>Speak plain HTTP to registries named without a scheme (the original's INSECURE_REGISTRY).</summary>
    public bool PlainHttp { get; set; }

    /// <summary>Credentials for Basic auth or for the token service of a Bearer challenge; anonymous when empty.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Largest manifest or layer accepted.</summary>
    [Range(1024, 1L << 32)]
    public long MaxBlobBytes { get; set; } = 64L << 20;

    /// <summary>Largest descriptor file accepted inside the layer.</summary>
    [Range(1024, 1L << 30)]
    public long MaxDescriptorBytes { get; set; } = 4L << 20;

    public ResilienceOptions Resilience { get; set; } = new();
}
