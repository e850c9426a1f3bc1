using Smo.Durable.Dispatch;
using Smo.Durable.Protocol;
using Smo.Durable.Storage;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>
/// Plays the dispatcher's part against a store, for tests of what the store guarantees when workers race, crash or
/// come back late: creates instances and turns a worker's answer into a checkpoint with the backend's own episode code.
/// </summary>
internal static class DispatcherByHand
{
    public static readonly TimeSpan LongLease = TimeSpan.FromSeconds(30);

    public static NewOrchestration NewInstance(string instanceId, string name, string? input)
    {
        var executionId = InstanceIds.New();
        var now = DateTime.UtcNow;
        return new NewOrchestration(instanceId, executionId, name, input, now, null, null,
            HistoryEvents.Started(instanceId, executionId, name, null, input, now, null, null));
    }

    public static async Task<string> CreateAsync(IOrchestrationStore store, string instanceId, string name, string? input)
    {
        var outcome = await store.CreateInstanceAsync(NewInstance(instanceId, name, input), [], CancellationToken.None);
        Assert.Equal(CreateOutcome.Created, outcome);
        return instanceId;
    }

    public static async Task<IReadOnlyList<OrchestrationWorkItem>> ClaimAsync(IOrchestrationStore store, string owner, TimeSpan lease, int max = 1) =>
        await store.LockNextOrchestrationsAsync(owner, lease, max, 100, null, CancellationToken.None);

    /// <summary>Claims again and again until the store hands something out (a lease must expire first, say).</summary>
    public static async Task<IReadOnlyList<OrchestrationWorkItem>> ClaimWhenFreeAsync(IOrchestrationStore store, string owner, TimeSpan lease, int max = 1)
    {
        IReadOnlyList<OrchestrationWorkItem> claimed = [];
        await Eventually.TrueAsync(async () => (claimed = await ClaimAsync(store, owner, lease, max)).Count == max, $"{owner} could claim {max}");
        return claimed;
    }

    public static async Task<ActivityWorkItem> ClaimActivityWhenFreeAsync(IOrchestrationStore store, string owner, TimeSpan lease)
    {
        IReadOnlyList<ActivityWorkItem> claimed = [];
        await Eventually.TrueAsync(async () => (claimed = await store.LockNextActivitiesAsync(owner, lease, 1, null, CancellationToken.None)).Count == 1,
            $"{owner} could claim an activity");
        return claimed[0];
    }

    /// <summary>The checkpoint of a worker that answered the episode by scheduling one call of <paramref name="activity"/>.</summary>
    public static OrchestrationCheckpoint ScheduleActivity(OrchestrationWorkItem item, string activity, string input)
    {
        var episode = OrchestrationEpisode.Prepare(item, DateTime.UtcNow, new BackendLimits());
        Assert.NotNull(episode.Request);
        return episode.Complete(new P.OrchestratorResponse
        {
            InstanceId = item.Instance.InstanceId,
            Actions = { new P.OrchestratorAction { Id = 0, ScheduleTask = new P.ScheduleTaskAction { Name = activity, Input = input } } },
        });
    }

    public static P.HistoryEvent Completed(ActivityWorkItem item, string result) => HistoryEvents.TaskCompleted(DateTime.UtcNow, item.TaskId, result);
}
