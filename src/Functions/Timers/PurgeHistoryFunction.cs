using Microsoft.DurableTask.Client;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Timers;

/// <summary>Retention: purges finished orchestration instances older than <c>PurgeHistoryRetentionDays</c>.</summary>
public static partial class PurgeHistoryFunction
{
    public const string Name = "PurgeHistory";
    public const string ScheduleSetting = "PurgeHistorySchedule";
    public const string RetentionSetting = "PurgeHistoryRetentionDays";
    public const string DefaultSchedule = "0 30 3 * * *";
    public const int DefaultRetentionDays = 30;

    public static TimerFunction Definition(IConfiguration configuration)
    {
        var days = Timers.RetentionSetting.Read(configuration, RetentionSetting, DefaultRetentionDays);
        return new(Name, string.IsNullOrEmpty(configuration[ScheduleSetting]) ? DefaultSchedule : $"%{ScheduleSetting}%",
            (services, timer, cancellationToken) => RunAsync(services, timer, days, cancellationToken));
    }

    private static async Task RunAsync(IServiceProvider services, TimerInfo timer, int days, CancellationToken cancellationToken)
    {
        var client = services.GetRequiredService<DurableTaskClient>();
        var cutoff = new DateTimeOffset(timer.ScheduledTime, TimeSpan.Zero).AddDays(-days);
        var result = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(CreatedTo: cutoff, Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]), cancellationToken);
        LogPurged(services.GetRequiredService<ILoggerFactory>().CreateLogger(Name), result.PurgedInstanceCount, cutoff);
    }

    [LoggerMessage(LogLevel.Information, "Purged {Count} finished orchestration instances created before {Cutoff:O}")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset cutoff);
}
