using Smo.Simulator.Federation;

namespace Smo.Simulator.Metrics;

public static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapFederationMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (Simulation simulation) =>
            Results.Text(simulation.Read(FederationMetrics.Render), ExpositionWriter.ContentType));
        return app;
    }
}
