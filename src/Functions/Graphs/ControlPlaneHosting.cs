using Smo.Functions.Alerts;
using Smo.Adapters.Grafana;
using Smo.Adapters.Hosting;
using Smo.Adapters.Karmada;
using Smo.Adapters.Nfvcl;
using Smo.Adapters.Oci;
using Smo.Adapters.Prometheus;
using Smo.Functions.Forecasting;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Scaling;
using Smo.Functions.Telemetry;
using Smo.Solver.Strategies;
using Smo.Store.Hosting;

namespace Smo.Functions.Graphs;

/// <summary>
/// Smo's own state and the external systems, wired from configuration: the store on the <c>Postgres</c>
/// connection string (the control plane needs it: without it the functions that need the store answer 503, see
/// <see cref="Hosting.FunctionRequirements"/>), and each adapter area only when its section is configured — Karmada (<c>Smo:Karmada:Host</c> or <c>KubeconfigPath</c>), Prometheus
/// (<c>Smo:Prometheus:BaseUrl</c>), Grafana (<c>Smo:Grafana:BaseUrl</c>), OCI (<c>Smo:Oci</c>), NFVCL
/// (<c>Smo:Nfvcl:BaseUrl</c>; without it the NFVCL routes answer 503) — while Helm is
/// always there (<c>Smo:Helm:BinaryPath</c>, default <c>helm</c>). With Prometheus, the load watch scales graphs
/// up between ticks (<c>Smo:Graphs:LoadWatchInterval</c>, zero turns it off); with Karmada, the cluster watch
/// refreshes the inventory as soon as a cluster fails.
/// </summary>
public static class ControlPlaneHosting
{
    public const string ConnectionStringName = "Postgres";
    public const string StoreSchemaSetting = "Smo:Store:Schema";

    public static TBuilder AddControlPlane<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        if (configuration.GetConnectionString(ConnectionStringName) is not { Length: > 0 } connectionString)
        {
            return builder;
        }

        var strategies = StrategyRegistry.Builtin();
        var defaults = GraphDefaults.Read(configuration, strategies);
        services.AddSmoControlPlane(defaults, strategies, IntentOptions.Read(configuration), ForecastingOptions.Read(configuration));
        services.AddSingleton(Carbon.CarbonOptions.Read(configuration));
        services.AddSingleton(Placement.HighAvailabilityOptions.Read(configuration));
        services.AddSingleton(Clusters.FailoverOptions.Read(configuration));
        services.AddSmoMetrics(configuration);
        services.AddSingleton(AlertWebhookOptions.Read(configuration));
        services.AddSingleton<WebhookCredential>();
        services.AddSmoStore(new SmoStoreOptions { ConnectionString = connectionString, Schema = configuration[StoreSchemaSetting] ?? "smo" });
        services.AddHelmAdapter(configuration);
        if (Configured(configuration, KarmadaOptions.Section, "Host") || Configured(configuration, KarmadaOptions.Section, "KubeconfigPath"))
        {
            services.AddKarmadaAdapters(configuration);
            services.AddSingleton<DivisionRollout>();
            services.AddSingleton<Installs.MoveRollout>();
            services.AddHostedService<Clusters.ClusterWatchService>();
        }

        if (Configured(configuration, PrometheusOptions.Section, "BaseUrl"))
        {
            services.AddPrometheusAdapters(configuration);
            // Transient: it holds Prometheus's typed HTTP client, whose handlers the client factory rotates.
            services.AddTransient<ServiceForecasts>();
            if (defaults.LoadWatchInterval > TimeSpan.Zero)
            {
                services.AddSingleton<LoadWatch>();
                services.AddHostedService<LoadWatchService>();
            }
        }

        if (Configured(configuration, GrafanaOptions.Section, "BaseUrl"))
        {
            services.AddGrafanaAdapter(configuration);
        }

        if (Configured(configuration, NfvclOptions.Section, "BaseUrl"))
        {
            services.AddNfvclAdapter(configuration);
        }

        if (configuration.GetSection(OciOptions.Section).Exists())
        {
            services.AddOciArtifactAdapter(configuration);
        }

        services.AddSingleton<GraphDeployment>();
        return builder;
    }

    /// <summary>
    /// The setting that brings <paramref name="service"/> into the container: its adapter area's, or the store's
    /// connection string for everything else the control plane registers.
    /// </summary>
    public static string SettingThatProvides(Type service) => service.Namespace switch
    {
        var area when area == typeof(INfvclClient).Namespace => $"{NfvclOptions.Section}:BaseUrl",
        var area when area == typeof(IClusterInventory).Namespace => $"{KarmadaOptions.Section}:Host",
        var area when area == typeof(PrometheusOptions).Namespace || service == typeof(ServiceForecasts) => $"{PrometheusOptions.Section}:BaseUrl",
        var area when area == typeof(GrafanaOptions).Namespace => $"{GrafanaOptions.Section}:BaseUrl",
        var area when area == typeof(OciOptions).Namespace => OciOptions.Section,
        _ => $"ConnectionStrings:{ConnectionStringName}",
    };

    private static bool Configured(IConfiguration configuration, string section, string key) =>
        !string.IsNullOrWhiteSpace(configuration[$"{section}:{key}"]);
}
