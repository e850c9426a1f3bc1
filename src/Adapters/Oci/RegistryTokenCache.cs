using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Oci;

/// <summary>
/// The credentials a registry granted, per registry and scope (a repository), until they expire. Bounded
/// (<see cref="OciOptions.MaxCachedTokens"/>): deploys naming many repositories cannot grow it without end.
/// </summary>
public sealed class RegistryTokenCache(IOptions<OciOptions> options, TimeProvider time) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.MaxCachedTokens });

    public int Count => _cache.Count;

    internal RegistryCredential? Get(string registry, string scope) =>
        _cache.TryGetValue((registry.ToLowerInvariant(), scope), out RegistryCredential? credential) && credential!.ExpiresAt > time.GetUtcNow()
            ? credential
            : null;

    internal void Set(string registry, string scope, RegistryCredential credential)
    {
        var entry = new MemoryCacheEntryOptions { Size = 1 };
        if (credential.ExpiresAt != DateTimeOffset.MaxValue)
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromTicks(Math.Max(1, (credential.ExpiresAt - time.GetUtcNow()).Ticks));
        }

        if (_cache.Count >= options.Value.MaxCachedTokens)
        {
            // A full MemoryCache refuses new entries until a compaction has run: make room first, expired and
            // least recently used first.
            _cache.Compact(0.25);
        }

        _cache.Set((registry.ToLowerInvariant(), scope), credential, entry);
    }

    public void Dispose() => _cache.Dispose();
}
