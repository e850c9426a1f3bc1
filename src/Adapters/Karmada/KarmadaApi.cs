using k8s;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>The one KubernetesClient for the Karmada API server, built on first use so a bad kubeconfig fails the call that needs it.</summary>
public sealed class KarmadaApi(IOptions<KarmadaOptions> options) : IDisposable
{
    private readonly Lazy<IKubernetes> _client = new(
        () => KubernetesClientFactory.Create(ExternalSystem.Karmada, options.Value, options.Value.Resilience),
        LazyThreadSafetyMode.PublicationOnly);

    public IKubernetes Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
