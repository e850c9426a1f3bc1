using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Smo.Functions.Timers;

/// <summary>Retention: purges finished orchestration instances older than <c>PurgeHistoryRetentionDays</c>.</summary>
public sealed partial class PurgeHistoryFunction(RetentionOptions retention, TimeProvider time, ILogger<PurgeHistoryFunction> logger)
{
    public const string Name = "PurgeHistory";
    public const string ScheduleSetting = "PurgeHistorySchedule";

    [Function(Name)]
    public async Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-retention.PurgeHistoryRetentionDays);
        var result = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(CreatedTo: cutoff, Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]), cancellationToken);
        LogPurged(result.PurgedInstanceCount, cutoff);
    }

    [LoggerMessage(LogLevel.Information, "Purged {Count} finished orchestration instances created before {Cutoff:O}")]
    private partial void LogPurged(int count, DateTimeOffset cutoff);
}
