using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Smo.Functions.Telemetry;

/// <summary>Registers <see cref="SmoMetrics"/> for the control plane's functions, under either host.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>SmoMetrics, its graph-label bound and the <c>Smo:Metrics</c> settings (checked here, so a bad value stops the start naming it).</summary>
    public static IServiceCollection AddSmoMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.TryAddSingleton(MetricsOptions.Read(configuration));
        services.TryAddSingleton<GraphLabels>();
        services.TryAddSingleton<SmoMetrics>();
        return services;
    }
}
