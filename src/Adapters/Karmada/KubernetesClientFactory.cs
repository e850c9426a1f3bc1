using k8s;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Karmada;

/// <summary>Builds a KubernetesClient whose every request runs through the system's resilience pipeline.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(ExternalSystem system, KubernetesConnectionOptions connection, ResilienceOptions resilience)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = !string.IsNullOrWhiteSpace(connection.KubeconfigPath)
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(connection.KubeconfigPath,
                    string.IsNullOrWhiteSpace(connection.Context) ? null : connection.Context)
                : new KubernetesClientConfiguration { Host = connection.Host };
        }
        catch (Exception exception) when (exception is k8s.Exceptions.KubeConfigException or IOException or ArgumentException)
        {
            throw new AdapterException(system, "load the connection settings", AdapterFailure.Rejected,
                $"{connection.Describe()} is unusable: {exception.Message}", exception);
        }

        // The pipeline owns timeouts; the client's own limit only has to stay out of its way.
        configuration.HttpClientTimeout = resilience.TotalTimeout + TimeSpan.FromSeconds(5);
        return new Kubernetes(configuration, HttpResiliencePipeline.Handler(HttpResiliencePipeline.Build(resilience)));
    }
}
