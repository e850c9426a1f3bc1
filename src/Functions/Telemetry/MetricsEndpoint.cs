using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using Smo.Functions.Http;
using Smo.Solver.Strategies;

namespace Smo.Functions.Telemetry;

/// <summary>
/// <c>GET /metrics</c> on Smo's host: the <see cref="SmoMetrics.MeterName"/> meter in the Prometheus text format, by
/// OpenTelemetry's Prometheus exporter. It follows the API's key rules as a function-level route of its own name,
/// <see cref="KeyName"/>: where keys are enforced a scrape needs the master key, the default key, or — what Prometheus
/// should be given, as it opens nothing else — <c>Smo:Keys:Functions:Metrics</c>; a project key does not open it (the
/// figures are the whole fleet's). Nothing but Smo's own meter is exported: no resource attributes (<c>target_info</c>),
/// no runtime or request metrics.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The name whose function key (<c>Smo:Keys:Functions:Metrics</c>) opens <see cref="Path"/>; no function has it.</summary>
    public const string KeyName = "Metrics";

    /// <summary>
    /// The exporter, <see cref="SmoMetrics"/> (the control plane has registered it when configured; a host of the durable
    /// workflow alone still has its backlog to show) and the gauges.
    /// </summary>
    public static WebApplicationBuilder AddMetricsEndpoint(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(StrategyRegistry.Builtin());
        builder.Services.AddSmoMetrics(builder.Configuration);
        builder.Services.AddHostedService<SmoGauges>();
        // OpenTelemetry subscribes to meters by name, process-wide: one Smo host per process, as every deployment runs it.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SmoMetrics.MeterName)
            .AddPrometheusExporter(exporter =>
            {
                exporter.TargetInfoEnabled = false;
                exporter.ScopeInfoEnabled = false;
            }));
        return builder;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: pipeline => pipeline.Use(RequireKeyAsync), optionsName: null)
            .WithMetadata(new HttpMethodMetadata(["GET"]));
        return app;
    }

    private static async Task RequireKeyAsync(HttpContext context, RequestDelegate next)
    {
        if (context.RequestServices.GetRequiredService<FunctionKeys>().Refusal(context.Request, KeyName, AuthorizationLevel.Function) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
