
namespace Smo.Functions.Timers;

/// <summary>How long finished orchestrations and decisions are kept; read and checked once, when the host starts.</summary>
public sealed record RetentionOptions(int PurgeHistoryRetentionDays, int DecisionRetentionDays, int UnchangedDecisionRetentionHours)
{
    public const string PurgeHistoryRetentionSetting = "PurgeHistoryRetentionDays";
    public const string DecisionRetentionSetting = "DecisionRetentionDays";
    public const string UnchangedDecisionRetentionSetting = "UnchangedDecisionRetentionHours";

    /// <summary>The settings, or the defaults; throws naming the setting when one is below 1.</summary>
    public static RetentionOptions Read(IConfiguration configuration) => new(
        RetentionSetting.Read(configuration, PurgeHistoryRetentionSetting, 30),
        RetentionSetting.Read(configuration, DecisionRetentionSetting, 30),
        RetentionSetting.Read(configuration, UnchangedDecisionRetentionSetting, 24));
}
