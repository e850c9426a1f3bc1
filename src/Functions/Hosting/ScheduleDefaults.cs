using Smo.Functions.Carbon;
using Smo.Functions.Clusters;
using Smo.Functions.Graphs;
using Smo.Functions.Timers;

namespace Smo.Functions.Hosting;

/// <summary>
/// The schedules the timer functions name as <c>%Setting%</c>, when no setting gives one. Smo's host reads these
/// under every other source; the Functions host has no such layer, so local.settings.sample.json (and an Azure
/// app's settings) carry the same values.
/// </summary>
public static class ScheduleDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        [ClusterFunctions.SyncScheduleSetting] = "*/30 * * * * *",
        [GraphSupervisor.ScheduleSetting] = "*/30 * * * * *",
        [PurgeHistoryFunction.ScheduleSetting] = "0 30 3 * * *",
        [PurgeDecisionsFunction.ScheduleSetting] = "0 15 * * * *",
        [PurgeEventsFunction.ScheduleSetting] = "0 45 * * * *",
        [CarbonOptions.PullIntervalSetting] = CarbonOptions.DefaultPullInterval,
    };
}
