using Smo.Adapters.Grafana;
using Smo.Adapters.Hosting;
using Smo.Adapters.Karmada;
using Smo.Adapters.Nfvcl;
using Smo.Adapters.Oci;
using Smo.Adapters.Prometheus;
using Smo.Functions.Durable;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Store.Hosting;

namespace Smo.Functions.Graphs;

/// <summary>
/// Smo's own state and the external systems, wired from configuration: the store on the <c>Postgres</c>
/// connection string (the control plane needs it: without it the graph API answers 503), and each adapter area
/// only when its section is configured — Karmada (<c>Smo:Karmada:Host</c> or <c>KubeconfigPath</c>), Prometheus
/// (<c>Smo:Prometheus:BaseUrl</c>), Grafana (<c>Smo:Grafana:BaseUrl</c>), OCI (<c>Smo:Oci</c>), NFVCL
/// (<c>Smo:Nfvcl:BaseUrl</c>; without it the NFVCL routes answer 503) — while Helm is
/// always there (<c>Smo:Helm:BinaryPath</c>, default <c>helm</c>). With Prometheus, the load watch scales graphs
/// up between ticks (<c>Smo:Graphs:LoadWatchInterval</c>, zero turns it off).
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

        var defaults = configuration.GetSection(GraphDefaults.Section).Get<GraphDefaults>() ?? new GraphDefaults();
        services.AddSmoControlPlane(defaults);
        services.AddSmoStore(new SmoStoreOptions { ConnectionString = connectionString, Schema = configuration[StoreSchemaSetting] ?? "smo" });
        services.AddHelmAdapter(configuration);
        if (Configured(configuration, KarmadaOptions.Section, "Host") || Configured(configuration, KarmadaOptions.Section, "KubeconfigPath"))
        {
            services.AddKarmadaAdapters(configuration);
        }

        if (Configured(configuration, PrometheusOptions.Section, "BaseUrl"))
        {
            services.AddPrometheusAdapters(configuration);
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

    private static bool Configured(IConfiguration configuration, string section, string key) =>
        !string.IsNullOrWhiteSpace(configuration[$"{section}:{key}"]);
}
