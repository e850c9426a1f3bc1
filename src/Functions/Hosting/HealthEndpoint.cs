using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Smo.Functions.Hosting;

/// <summary>An anonymous <c>/health</c> endpoint that reports each check as JSON.</summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions
        {
            ResponseWriter = (context, report) =>
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
                }));
            },
        });
        return app;
    }
}
