using Microsoft.Azure.Functions.Worker;
using Smo.Store.Decisions;
using Smo.Store.Forecasts;

namespace Smo.Functions.Timers;

/// <summary>
/// Retention of the decision log: scaling ticks that changed nothing go after <c>UnchangedDecisionRetentionHours</c>,
/// every other decision after <c>DecisionRetentionDays</c>, and a graph's decisions beyond its newest
/// <c>MaxDecisionsPerGraph</c> whatever their age. A fleet of 1,000 graphs ticking every 5 s records about 200
/// decisions a second, nearly all of them ticks that changed nothing; kept forever they would fill the disk.
/// Hourly by default, so each run deletes an hour's worth, in batches; one host per occurrence. The forecasts of
/// predictive ticks (one row per service and tick, settled a horizon later) go like the ticks that changed nothing, and
/// beyond the newest <c>MaxDecisionsPerGraph</c> of their graph.
/// </summary>
public sealed partial class PurgeDecisionsFunction(
    DecisionLog decisions, ForecastLog forecasts, RetentionOptions retention, TimeProvider time, ILogger<PurgeDecisionsFunction> logger)
{
    public const string Name = "PurgeDecisions";
    public const string ScheduleSetting = "PurgeDecisionsSchedule";

    [Function(Name)]
    public async Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now.AddDays(-retention.DecisionRetentionDays);
        var unchangedBefore = now.AddHours(-retention.UnchangedDecisionRetentionHours);
        var purged = await decisions.PurgeAsync(before, unchangedBefore, cancellationToken: cancellationToken);
        var trimmed = await decisions.TrimPerGraphAsync(retention.MaxDecisionsPerGraph, cancellationToken: cancellationToken);
        LogPurged(purged, unchangedBefore, before, trimmed, retention.MaxDecisionsPerGraph);
        var forecastsPurged = await forecasts.PurgeAsync(unchangedBefore, cancellationToken: cancellationToken);
        var forecastsTrimmed = await forecasts.TrimPerGraphAsync(retention.MaxDecisionsPerGraph, cancellationToken: cancellationToken);
        LogForecastsPurged(forecastsPurged, unchangedBefore, forecastsTrimmed, retention.MaxDecisionsPerGraph);
    }

    [LoggerMessage(LogLevel.Information, "Purged {Count} forecasts made before {Before:O} and {Trimmed} beyond the newest {Keep} of their graph")]
    private partial void LogForecastsPurged(long count, DateTimeOffset before, long trimmed, int keep);

    [LoggerMessage(LogLevel.Information, "Purged {Count} decisions (unchanged scaling ticks before {UnchangedBefore:O}, all before {Before:O}) and {Trimmed} beyond the newest {Keep} of their graph")]
    private partial void LogPurged(long count, DateTimeOffset unchangedBefore, DateTimeOffset before, long trimmed, int keep);
}
