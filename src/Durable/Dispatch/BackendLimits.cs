namespace Smo.Durable.Dispatch;

/// <summary>Limits and timings the backend applies to the work it hands out (host.json <c>extensions.durableTask</c>).</summary>
public sealed class BackendLimits
{
    /// <summary>Most actions one episode may schedule.</summary>
    public int MaxOrchestrationActions { get; set; } = 100_000;

    /// <summary>Most history events one execution may hold before it must ContinueAsNew.</summary>
    public int MaxHistoryEvents { get; set; } = 100_000;

    /// <summary>Most inbox messages applied in one episode.</summary>
    public int MaxMessagesPerEpisode { get; set; } = 1_000;

    /// <summary>Most work items claimed in one round trip to the store.</summary>
    public int MaxClaimBatch { get; set; } = 32;

    /// <summary>A message or activity handed out more often than this without completing is poison.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Largest custom status an orchestration may set, in characters.</summary>
    public int MaxCustomStatusLength { get; set; } = 16 * 1024;

    public TimeSpan OrchestrationLease { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ActivityLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First idle wait when no notification arrives; doubles up to <see cref="MaxPollingInterval"/>.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a failed or abandoned work item waits before it is offered again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOrchestrationActions, 1, nameof(MaxOrchestrationActions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHistoryEvents, 10, nameof(MaxHistoryEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessagesPerEpisode, 1, nameof(MaxMessagesPerEpisode));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDequeueCount, 1, nameof(MaxDequeueCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxClaimBatch, 1, nameof(MaxClaimBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(OrchestrationLease, TimeSpan.FromMilliseconds(300), nameof(OrchestrationLease));
        ArgumentOutOfRangeException.ThrowIfLessThan(ActivityLease, TimeSpan.FromMilliseconds(300), nameof(ActivityLease));
    }
}
