using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
using Smo.Store.Decisions;

namespace Smo.Functions.Timers;

/// <summary>
/// Retention of the decision log: scaling ticks that changed nothing go after <c>UnchangedDecisionRetentionHours</c>,
/// every other decision after <c>DecisionRetentionDays</c>. A fleet of 1,000 graphs ticking every 5 s records about
/// 200 decisions a second, nearly all of them ticks that changed nothing; kept forever they would fill the disk.
/// Hourly by default, so each run deletes an hour's worth, in batches.
/// </summary>
public static partial class PurgeDecisionsFunction
{
    public const string Name = "PurgeDecisions";
    public const string ScheduleSetting = "PurgeDecisionsSchedule";
    public const string RetentionSetting = "DecisionRetentionDays";
    public const string UnchangedRetentionSetting = "UnchangedDecisionRetentionHours";
    public const string DefaultSchedule = "0 15 * * * *";
    public const int DefaultRetentionDays = 30;
    public const int DefaultUnchangedRetentionHours = 24;

    public static TimerFunction Definition(IConfiguration configuration)
    {
        var days = Timers.RetentionSetting.Read(configuration, RetentionSetting, DefaultRetentionDays);
        var unchangedHours = Timers.RetentionSetting.Read(configuration, UnchangedRetentionSetting, DefaultUnchangedRetentionHours);
        return new(Name, string.IsNullOrEmpty(configuration[ScheduleSetting]) ? DefaultSchedule : $"%{ScheduleSetting}%",
            (services, timer, cancellationToken) => RunAsync(services, timer, days, unchangedHours, cancellationToken));
    }

    private static async Task RunAsync(IServiceProvider services, TimerInfo timer, int days, int unchangedHours, CancellationToken cancellationToken)
    {
        if (services.GetService<DecisionLog>() is not { } decisions)
        {
            return;
        }

        var now = new DateTimeOffset(timer.ScheduledTime, TimeSpan.Zero);
        var before = now.AddDays(-days);
        var unchangedBefore = now.AddHours(-unchangedHours);
        var purged = await decisions.PurgeAsync(before, unchangedBefore, cancellationToken: cancellationToken);
        LogPurged(services.GetRequiredService<ILoggerFactory>().CreateLogger(Name), purged, unchangedBefore, before);
    }

    [LoggerMessage(LogLevel.Information, "Purged {Count} decisions: unchanged scaling ticks before {UnchangedBefore:O}, all before {Before:O}")]
    private static partial void LogPurged(ILogger logger, long count, DateTimeOffset unchangedBefore, DateTimeOffset before);
}
