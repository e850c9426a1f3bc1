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

    private readonly Lazy<IKubernetes> _watchClient = new(
        () => KubernetesClientFactory.CreateForWatches(system, connection()),
        LazyThreadSafetyMode.PublicationOnly);

    public IKubernetes Client => _client.Value;

    /// <summary>For long-lived watch streams: outside the resilience pipeline (see <see cref="KubernetesClientFactory.CreateForWatches"/>).</summary>
    public IKubernetes WatchClient => _watchClient.Value;

    public void Dispose()
    {
        foreach (var client in new[] { _client, _watchClient }.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
