using Smo.Simulator.Control;
using Smo.Simulator.Faults;
using Smo.Simulator.Federation;
using Smo.Simulator.Helm;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Kubernetes.Watching;
using Smo.Simulator.Metrics;
using Smo.Simulator.Operators;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Hosting;

/// <summary>Builds the simulator's web application: one address serves the Kubernetes API, /metrics and /sim.</summary>
public static class SimulatorApplication
{
    public static WebApplication Build(Scenario scenario, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        // One line per request would cost more than the answer at fleet scale; Logging__LogLevel__Microsoft.AspNetCore
        // turns it back on.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new Simulation(scenario, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ReleaseInstaller>();
        builder.Services.AddSingleton(new WatchSlots());
        builder.Services.AddSingleton(scenario);
        builder.Services.AddHostedService<SimulationTicker>();
        builder.Services.AddHostedService<WarmUp>();
        builder.Services.AddProblemDetails();
        if (builder.Configuration[PrometheusRuleFileWriter.Option] is { Length: > 0 } rulesFile)
        {
            builder.Services.AddHostedService(services => new PrometheusRuleFileWriter(services.GetRequiredService<Simulation>(), rulesFile));
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.MapKubernetesApi();
        app.MapFederationMetrics();
        app.MapSimulationControl();
        app.MapHelmStandIn();
        return app;
    }
}
