using k8s;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Karmada;

/// <summary>Builds a KubernetesClient whose every request runs through the system's resilience pipeline.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(ExternalSystem system, KubernetesConnectionOptions connection, ResilienceOptions resilience)
    {
        var configuration = Configuration(system, connection);
        // The pipeline owns timeouts; the client's own limit only has to stay out of its way.
        configuration.HttpClientTimeout = resilience.TotalTimeout + TimeSpan.FromSeconds(5);
        return new Kubernetes(configuration, HttpResiliencePipeline.Handler(HttpResiliencePipeline.Build(resilience)));
    }

    /// <summary>
    /// A client for watches only: no resilience pipeline, whose call timeouts would cut a stream meant to stay open for
    /// minutes, and whose breaker must not count a stream as a call; the watcher retries and bounds it itself.
    /// </summary>
    public static IKubernetes CreateForWatches(ExternalSystem system, KubernetesConnectionOptions connection)
    {
        var configuration = Configuration(system, connection);
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return new Kubernetes(configuration);
    }

    private static KubernetesClientConfiguration Configuration(ExternalSystem system, KubernetesConnectionOptions connection)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(connection.KubeconfigPath)
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(connection.KubeconfigPath,
                    string.IsNullOrWhiteSpace(connection.Context) ? null : connection.Context)
                : new KubernetesClientConfiguration { Host = connection.Host };
        }
        catch (Exception exception) when (exception is k8s.Exceptions.KubeConfigException or IOException or ArgumentException)
        {
            throw new AdapterException(system, "load the connection settings", AdapterFailure.Rejected,
                $"{connection.Describe()} is unusable: {exception.Message}", exception);
        }
    }
}
