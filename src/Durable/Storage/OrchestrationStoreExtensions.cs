namespace Smo.Durable.Storage;

/// <summary>Single-item claims, for callers that want one work item at a time.</summary>
public static class OrchestrationStoreExtensions
{
    public static async Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(this IOrchestrationStore store, string owner, TimeSpan lease, int maxMessages, CancellationToken cancellationToken) =>
        (await store.LockNextOrchestrationsAsync(owner, lease, 1, maxMessages, cancellationToken)).FirstOrDefault();

    public static async Task<ActivityWorkItem?> LockNextActivityAsync(this IOrchestrationStore store, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        (await store.LockNextActivitiesAsync(owner, lease, 1, cancellationToken)).FirstOrDefault();
}
