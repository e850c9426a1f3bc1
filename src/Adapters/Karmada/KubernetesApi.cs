using k8s;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Karmada;

/// <summary>
/// One KubernetesClient per API server, built on first use (so a bad kubeconfig fails the call that needs it,
/// with the reason) and shared, so its circuit breaker sees every call to that server.
/// </summary>
public abstract class KubernetesApi(ExternalSystem system, Func<KubernetesConnectionOptions> connection, Func<ResilienceOptions> resilience) : IDisposable
{
    private readonly Lazy<IKubernetes> _client = new(
        () => KubernetesClientFactory.Create(system, connection(), resilience()),
        LazyThreadSafetyMode.PublicationOnly);

    public IKubernetes Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
