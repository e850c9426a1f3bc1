
namespace Smo.Functions.Timers;

/// <summary>How long (and how much of) finished orchestrations, decisions, events and alert deliveries are kept; read and checked once, when the host starts.</summary>
public sealed record RetentionOptions(int PurgeHistoryRetentionDays, int DecisionRetentionDays, int UnchangedDecisionRetentionHours)
{
    public const string PurgeHistoryRetentionSetting = "PurgeHistoryRetentionDays";
    public const string DecisionRetentionSetting = "DecisionRetentionDays";
    public const string UnchangedDecisionRetentionSetting = "UnchangedDecisionRetentionHours";
    public const string MaxDecisionsPerGraphSetting = "MaxDecisionsPerGraph";
    public const string EventRetentionSetting = "EventRetentionDays";
    public const string MaxEventsPerGraphSetting = "MaxEventsPerGraph";
    public const string AlertDeliveryRetentionSetting = "AlertDeliveryRetentionDays";

    /// <summary>The newest decisions each graph keeps, whatever their age (a graph ticking every second records 86,400 a day).</summary>
    public int MaxDecisionsPerGraph { get; init; } = 100_000;

    public int EventRetentionDays { get; init; } = 30;

    /// <summary>The newest events each graph keeps, whatever their age.</summary>
    public int MaxEventsPerGraph { get; init; } = 10_000;

    /// <summary>How long a webhook delivery is remembered to recognise Alertmanager's repeats of it.</summary>
    public int AlertDeliveryRetentionDays { get; init; } = 7;

    /// <summary>The settings, or the defaults; throws naming the setting when one is below 1.</summary>
    public static RetentionOptions Read(IConfiguration configuration) => new(
        RetentionSetting.Read(configuration, PurgeHistoryRetentionSetting, 30),
        RetentionSetting.Read(configuration, DecisionRetentionSetting, 30),
        RetentionSetting.Read(configuration, UnchangedDecisionRetentionSetting, 24))
    {
        MaxDecisionsPerGraph = RetentionSetting.Read(configuration, MaxDecisionsPerGraphSetting, 100_000),
        EventRetentionDays = RetentionSetting.Read(configuration, EventRetentionSetting, 30),
        MaxEventsPerGraph = RetentionSetting.Read(configuration, MaxEventsPerGraphSetting, 10_000),
        AlertDeliveryRetentionDays = RetentionSetting.Read(configuration, AlertDeliveryRetentionSetting, 7),
    };
}
