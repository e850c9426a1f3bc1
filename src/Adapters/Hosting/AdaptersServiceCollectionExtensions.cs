using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Smo.Adapters.Grafana;
using Smo.Adapters.Helm;
using Smo.Adapters.Karmada;
using Smo.Adapters.Nfvcl;
using Smo.Adapters.Oci;
using Smo.Adapters.Prometheus;
using Smo.Adapters.PrometheusRules;
using Smo.Adapters.Resilience;
using Smo.Adapters.Storage;

namespace Smo.Adapters.Hosting;

/// <summary>
/// Registers the adapters, each area with its options bound from <c>Smo:&lt;Area&gt;</c> and validated on start.
/// <see cref="AddSmoAdapters"/> adds them all; the per-area methods let a host take only what it configures.
/// </summary>
public static class AdaptersServiceCollectionExtensions
{
    public static IServiceCollection AddSmoAdapters(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddKarmadaAdapters(configuration)
            .AddPrometheusAdapters(configuration)
            .AddGrafanaAdapter(configuration)
            .AddHelmAdapter(configuration)
            .AddOciArtifactAdapter(configuration)
            .AddNfvclAdapter(configuration);

    public static IServiceCollection AddKarmadaAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<KarmadaOptions>(configuration, KarmadaOptions.Section)
            .Validate(o => o.IsConfigured, $"{KarmadaOptions.Section} needs KubeconfigPath or Host");
        services.AddValidatedOptions<SubmarinerOptions>(configuration, SubmarinerOptions.Section);
        services.AddSingleton<KarmadaApi>();
        services.AddSingleton<IClusterInventory, KarmadaClusterInventory>();
        services.AddSingleton<IClusterWatch, KarmadaClusterWatch>();
        services.AddSingleton<IKarmadaDeployments, KarmadaDeployments>();
        services.AddSingleton<IKarmadaPropagationPolicies, KarmadaPropagationPolicies>();
        services.AddSingleton<IKarmadaResourceBindings, KarmadaResourceBindings>();
        services.AddSingleton<SubmarinerApi>();
        services.AddSingleton<ISubmarinerClusters, SubmarinerClusters>();
        return services;
    }

    /// <summary>Prometheus queries, its lifecycle API and the PrometheusRule store (which reloads Prometheus).</summary>
    public static IServiceCollection AddPrometheusAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PrometheusOptions>(configuration, PrometheusOptions.Section)
            .Validate(o => o.RequestRatesQuery is null || o.RequestRatesQuery.Contains(PrometheusOptions.ServicesPlaceholder, StringComparison.Ordinal),
                $"{PrometheusOptions.Section}:RequestRatesQuery needs {PrometheusOptions.ServicesPlaceholder}, the regex of the services it is asked for")
            .Validate(o => o.RequestRatesQuery is null || o.RequestRatesQuery.Contains(PrometheusOptions.NamespacesPlaceholder, StringComparison.Ordinal),
                $"{PrometheusOptions.Section}:RequestRatesQuery needs {PrometheusOptions.NamespacesPlaceholder}, the regex of the services' namespaces (their graphs' projects), "
                + "so another project's pods cannot scale a graph; aggregate by (namespace, service)");
        services.AddValidatedOptions<PrometheusRuleOptions>(configuration, PrometheusRuleOptions.Section);
        services.AddResilientHttpClient<PrometheusClient, PrometheusOptions>(ExternalSystem.Prometheus, o => o.Resilience, o => o.BaseUrl!);
        services.AddTransient<IPrometheusQuery>(sp => sp.GetRequiredService<PrometheusClient>());
        services.AddTransient<IPrometheusLifecycle>(sp => sp.GetRequiredService<PrometheusClient>());
        services.AddTransient<IPromQlCheck>(sp => sp.GetRequiredService<PrometheusClient>());
        services.AddTransient<IServiceMetrics, PrometheusServiceMetrics>();
        services.AddSingleton<PrometheusRuleApi>();
        services.AddTransient<IAlertRules, PrometheusRuleAlertRules>();
        return services;
    }

    public static IServiceCollection AddGrafanaAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBlobDocuments(configuration);
        services.AddValidatedOptions<GrafanaOptions>(configuration, GrafanaOptions.Section);
        services.AddSingleton<DashboardTemplates>();
        services.AddResilientHttpClient<GrafanaDashboardPublisher, GrafanaOptions>(ExternalSystem.Grafana, o => o.Resilience, o => o.BaseUrl!,
            (options, http) => http.DefaultRequestHeaders.Authorization = GrafanaAuthorization.Header(options));
        services.AddTransient<IDashboardPublisher>(sp => sp.GetRequiredService<GrafanaDashboardPublisher>());
        return services;
    }

    public static IServiceCollection AddHelmAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<HelmOptions>(configuration, HelmOptions.Section);
        services.AddSingleton<IHelmRunner, HelmCliRunner>();
        return services;
    }

    public static IServiceCollection AddOciArtifactAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBlobDocuments(configuration);
        services.AddValidatedOptions<OciOptions>(configuration, OciOptions.Section)
            .Validate(o => o.Allowed().Count > 0,
                $"{OciOptions.Section} needs Registry (host[:port]) or AllowedRegistries: the registries deploys may pull artifacts from")
            .Validate(o => string.IsNullOrEmpty(o.Username) || !string.IsNullOrEmpty(o.Registry),
                $"{OciOptions.Section}:Username needs {OciOptions.Section}:Registry, the one registry the credentials are for");
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RegistryTokenCache>();
        services.AddSingleton<RegistryPipelines>();
        // One client for every registry (references carry absolute URLs), with a circuit breaker per registry.
        services.AddHttpClient<OciRegistryClient>(ExternalSystem.OciRegistry.ToString(), (sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<OciOptions>>().Value.Resilience.TotalTimeout + TimeSpan.FromSeconds(5))
            .AddHttpMessageHandler(sp => HttpResiliencePipeline.Handler(sp.GetRequiredService<RegistryPipelines>().For));
        services.AddTransient<IHdagArtifacts, RegistryHdagArtifacts>();
        return services;
    }

    public static IServiceCollection AddNfvclAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NfvclOptions>(configuration, NfvclOptions.Section);
        services.AddResilientHttpClient<NfvclClient, NfvclOptions>(ExternalSystem.Nfvcl, o => o.Resilience, o => o.BaseUrl!);
        services.AddTransient<INfvclClient>(sp => sp.GetRequiredService<NfvclClient>());
        return services;
    }

    private static IServiceCollection AddBlobDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.All(d => d.ServiceType != typeof(IBlobDocuments)))
        {
            services.AddValidatedOptions<BlobStorageOptions>(configuration, BlobStorageOptions.Section);
            services.AddSingleton<IBlobDocuments, AzureBlobDocuments>();
        }

        return services;
    }

    private static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>
    /// A typed HttpClient behind the system's resilience pipeline. The pipeline is one singleton per system, so the
    /// circuit breaker sees every call to that system whichever client instance made it.
    /// </summary>
    private static void AddResilientHttpClient<TClient, TOptions>(
        this IServiceCollection services,
        ExternalSystem system,
        Func<TOptions, ResilienceOptions> resilience,
        Func<TOptions, Uri>? baseUrl,
        Action<TOptions, HttpClient>? configure = null)
        where TClient : class
        where TOptions : class
    {
        services.AddKeyedSingleton(system, (sp, _) => HttpResiliencePipeline.Build(resilience(sp.GetRequiredService<IOptions<TOptions>>().Value)));
        services.AddHttpClient<TClient>(system.ToString(), (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
                if (baseUrl is not null)
                {
                    http.BaseAddress = WithTrailingSlash(baseUrl(options));
                }

                // The pipeline owns timeouts; HttpClient's own limit only has to stay out of its way.
                http.Timeout = resilience(options).TotalTimeout + TimeSpan.FromSeconds(5);
                configure?.Invoke(options, http);
            })
            .AddHttpMessageHandler(sp => HttpResiliencePipeline.Handler(sp.GetRequiredKeyedService<ResiliencePipeline<HttpResponseMessage>>(system)));
    }

    /// <summary>Relative request paths resolve under the base URL only when it ends with a slash.</summary>
    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
