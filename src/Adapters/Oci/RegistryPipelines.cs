using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Oci;

/// <summary>
/// One resilience pipeline (and so one circuit breaker) per allowed registry, so a registry that fails cannot stop
/// pulls from the others; any other host (a token service on its own host) shares one more. Bounded by the allow-list.
/// </summary>
public sealed class RegistryPipelines(IOptions<OciOptions> options)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _byRegistry = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<ResiliencePipeline<HttpResponseMessage>> _otherHosts = new(() => HttpResiliencePipeline.Build(options.Value.Resilience));

    public int Count => _byRegistry.Count;

    public ResiliencePipeline<HttpResponseMessage> For(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        var registry = uri is null ? null : AllowedRegistry(uri);
        return registry is null ? _otherHosts.Value : _byRegistry.GetOrAdd(registry, _ => HttpResiliencePipeline.Build(options.Value.Resilience));
    }

    /// <summary>The allow-list entry <paramref name="uri"/> addresses, written with or without its default port.</summary>
    private string? AllowedRegistry(Uri uri) =>
        options.Value.AllowedEntry(uri.Authority) ?? options.Value.AllowedEntry($"{uri.Host}:{uri.Port}");
}
