using Smo.Durable.Storage;

namespace Smo.Durable.Dispatch;

/// <summary>An orchestration episode handed to a worker, waiting for its actions.</summary>
internal sealed class LeasedOrchestration(OrchestrationEpisode episode, LeaseRenewal renewal, SemaphoreSlim slots, string streamId)
{
    public OrchestrationEpisode Episode { get; } = episode;

    public LeaseRenewal Renewal { get; } = renewal;

    public SemaphoreSlim Slots { get; } = slots;

    public string StreamId { get; } = streamId;
}

/// <summary>An activity call handed to a worker, waiting for its result.</summary>
internal sealed class LeasedActivity(ActivityWorkItem workItem, LeaseRenewal renewal, SemaphoreSlim slots, string streamId)
{
    public ActivityWorkItem WorkItem { get; } = workItem;

    public LeaseRenewal Renewal { get; } = renewal;

    public SemaphoreSlim Slots { get; } = slots;

    public string StreamId { get; } = streamId;
}
