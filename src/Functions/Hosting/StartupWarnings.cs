
namespace Smo.Functions.Hosting;

/// <summary>Configuration problems found while services are being registered, logged once the host has a logger.</summary>
public sealed class StartupWarnings
{
    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    public void Add(string warning) => _warnings.Add(warning);

    /// <summary>The host's collector, created on first use so every registration step adds to the same list.</summary>
    public static StartupWarnings Of(WebApplicationBuilder builder)
    {
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(StartupWarnings))?.ImplementationInstance is StartupWarnings existing)
        {
            return existing;
        }

        var warnings = new StartupWarnings();
        builder.Services.AddSingleton(warnings);
        builder.Services.AddHostedService<StartupWarningsLogger>();
        return warnings;
    }
}

/// <summary>Logs the collected <see cref="StartupWarnings"/> when the host starts.</summary>
public sealed partial class StartupWarningsLogger(StartupWarnings warnings, ILogger<StartupWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in warnings.Warnings)
        {
            LogWarning(logger, warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "{Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);
}
