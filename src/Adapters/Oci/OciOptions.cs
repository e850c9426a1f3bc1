using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Oci;

/// <summary>Pulling HDAG artifacts from OCI registries (section <c>Smo:Oci</c>).</summary>
public sealed class OciOptions
{
    public const string Section = "Smo:Oci";

    /// <summary>Speak plain HTTP to registries named without a scheme (the original's INSECURE_REGISTRY).</summary>
    public bool PlainHttp { get; set; }

    /// <summary>
    /// The registry Smo pulls from (<c>host[:port]</c>, as references name it): the one the credentials belong to,
    /// and the allow-list when <see cref="AllowedRegistries"/> is empty.
    /// </summary>
    [RegularExpression(RegistryPattern, ErrorMessage = "Smo:Oci:Registry is a host[:port], as an artifact reference names it")]
    public string? Registry { get; set; }

    /// <summary>
    /// Every registry a deploy may name (<c>host[:port]</c>); empty means <see cref="Registry"/> alone. An artifact on
    /// any other registry is refused before any request, so a reference cannot make Smo reach a host of its choosing.
    /// </summary>
    public List<string> AllowedRegistries { get; set; } = [];

    /// <summary>
    /// Credentials for <see cref="Registry"/> only (Basic auth, or its token service when that is on the same host);
    /// never sent anywhere else. Anonymous when empty.
    /// </summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Largest manifest or layer accepted.</summary>
    [Range(1024, 1L << 32)]
    public long MaxBlobBytes { get; set; } = 64L << 20;

    /// <summary>Largest descriptor file accepted inside the layer.</summary>
    [Range(1024, 1L << 30)]
    public long MaxDescriptorBytes { get; set; } = 4L << 20;

    /// <summary>Most bytes an artifact layer may unpack to (a tar bomb stops here, whatever its compressed size).</summary>
    [Range(1024, 1L << 34)]
    public long MaxLayerUnpackedBytes { get; set; } = 64L << 20;

    /// <summary>Most entries an artifact layer's archive may hold.</summary>
    [Range(1, 1_000_000)]
    public int MaxLayerEntries { get; set; } = 1000;

    /// <summary>Registry tokens kept at once (per registry and repository); the oldest go first.</summary>
    [Range(1, 100_000)]
    public int MaxCachedTokens { get; set; } = 256;

    /// <summary>Timeouts, retries and circuit breaking, applied to each registry on its own.</summary>
    public ResilienceOptions Resilience { get; set; } = new();

    private const string RegistryPattern = "^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?$";

    /// <summary>The registries deploys may name: <see cref="AllowedRegistries"/>, else <see cref="Registry"/>.</summary>
    public IReadOnlyList<string> Allowed() =>
        AllowedRegistries.Count > 0 ? AllowedRegistries : Registry is { Length: > 0 } registry ? [registry] : [];

    public bool IsAllowed(string registry) => AllowedEntry(registry) is not null;

    /// <summary>The allow-list entry naming <paramref name="registry"/> (<c>host[:port]</c>, case aside); null when none does.</summary>
    public string? AllowedEntry(string registry) => Allowed().FirstOrDefault(r => string.Equals(r, registry, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="registry"/> is the one <see cref="Username"/> and <see cref="Password"/> belong to.</summary>
    public bool OwnsCredentialsFor(string registry) =>
        !string.IsNullOrEmpty(Username) && string.Equals(Registry, registry, StringComparison.OrdinalIgnoreCase);
}
