namespace Smo.Functions.Hosting;

/// <summary>Configuration problems found while services are being registered, logged once the host has a logger.</summary>
public sealed partial class StartupWarnings(ILogger<StartupWarnings> logger) : IHostedService
{
    private static readonly List<string> Pending = [];

    public static void Add(string warning)
    {
        lock (Pending)
        {
            Pending.Add(warning);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (Pending)
        {
            foreach (var warning in Pending.Distinct())
            {
                LogWarning(logger, warning);
            }

            Pending.Clear();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "{Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);
}
