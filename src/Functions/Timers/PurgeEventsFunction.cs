using Microsoft.Azure.Functions.Worker;
using Smo.Store.Alerts;
using Smo.Store.Events;

namespace Smo.Functions.Timers;

/// <summary>
/// Retention of the event log and of the webhook's delivery records: events after <c>EventRetentionDays</c> and a
/// graph's beyond its newest <c>MaxEventsPerGraph</c>; deliveries after <c>AlertDeliveryRetentionDays</c>. Both grow
/// with what callers send (a chatty Alertmanager, a graph that flaps), so both are bounded. Hourly by default, in
/// batches; one host per occurrence.
/// </summary>
public sealed partial class PurgeEventsFunction(EventLog events, AlertDeliveries deliveries, RetentionOptions retention, TimeProvider time,
    ILogger<PurgeEventsFunction> logger)
{
    public const string Name = "PurgeEvents";
    public const string ScheduleSetting = "PurgeEventsSchedule";

    [Function(Name)]
    public async Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purgedEvents = await events.PurgeAsync(now.AddDays(-retention.EventRetentionDays), retention.MaxEventsPerGraph, cancellationToken: cancellationToken);
        var purgedDeliveries = await deliveries.PurgeAsync(now.AddDays(-retention.AlertDeliveryRetentionDays), cancellationToken: cancellationToken);
        LogPurged(purgedEvents, retention.EventRetentionDays, retention.MaxEventsPerGraph, purgedDeliveries, retention.AlertDeliveryRetentionDays);
    }

    [LoggerMessage(LogLevel.Information, "Purged {Events} events (older than {EventDays} days, or beyond the newest {Keep} of their graph) and {Deliveries} alert deliveries (older than {DeliveryDays} days)")]
    private partial void LogPurged(long events, int eventDays, int keep, long deliveries, int deliveryDays);
}
