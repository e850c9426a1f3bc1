using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Smo.Durable.Replay;
using Smo.Durable.Storage;

namespace Smo.Durable;

/// <summary>
/// Starts, signals, inspects and manages orchestration instances. Validates every request before it reaches the
/// store, so bad input changes nothing.
/// </summary>
public sealed class DurableTaskClient(IOrchestrationStore store, DataConverter converter, TimeProvider time, DurableTaskRegistry? registry = null)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastPoll = TimeSpan.FromSeconds(1);

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        if (registry is not null && !registry.HasOrchestrator(orchestratorName))
        {
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? InstanceIds.New();
        InstanceIds.Validate(instanceId, nameof(options));
        var now = time.GetUtcNow().UtcDateTime;
        var instance = new NewOrchestration(instanceId, InstanceIds.New(), orchestratorName, converter.Serialize(input), now, options?.StartAt?.UtcDateTime, null);
        var outcome = await store.CreateInstanceAsync(instance, options?.DedupeStatuses ?? [], cancellationToken);
        return outcome == CreateOutcome.Created ? instanceId : throw new OrchestrationAlreadyExistsException(instanceId);
    }

    public Task<MessageDelivery> RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var raised = new HistoryEvent(HistoryEventType.EventRaised, -1, eventName, converter.Serialize(eventPayload), time.GetUtcNow().UtcDateTime);
        return store.SendMessageAsync(instanceId, raised, cancellationToken);
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId);
        var instance = await store.GetInstanceAsync(instanceId, cancellationToken);
        return instance is null ? null : OrchestrationMetadata.From(instance, getInputsAndOutputs);
    }

    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationRuntimeStatus.Pending, cancellationToken);

    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, status => status.IsTerminal(), cancellationToken);

    public Task<MessageDelivery> TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellationToken = default) =>
        SendLifecycleAsync(instanceId, HistoryEventType.ExecutionTerminated,
            converter.Serialize(new TerminateRequest(converter.Serialize(options?.Output), options?.Recursive ?? false)), cancellationToken);

    public Task<MessageDelivery> SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendLifecycleAsync(instanceId, HistoryEventType.ExecutionSuspended, converter.Serialize(reason), cancellationToken);

    public Task<MessageDelivery> ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendLifecycleAsync(instanceId, HistoryEventType.ExecutionResumed, converter.Serialize(reason), cancellationToken);

    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId);
        var outcome = await store.PurgeInstanceAsync(instanceId, cancellationToken);
        return new PurgeResult(outcome == PurgeOutcome.Purged ? 1 : 0, outcome);
    }

    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var count = await store.PurgeInstancesAsync(new InstanceFilter
        {
            CreatedFrom = filter.CreatedFrom?.UtcDateTime,
            CreatedTo = filter.CreatedTo?.UtcDateTime,
            Statuses = filter.Statuses,
        }, cancellationToken);
        return new PurgeResult(count, PurgeOutcome.Purged);
    }

    public async Task<InstancePage> GetAllInstancesAsync(OrchestrationQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        if (query.PageSize is < 1 or > OrchestrationQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"The page size must be between 1 and {OrchestrationQuery.MaxPageSize}.");
        }

        var after = query.ContinuationToken is null ? null : DecodeCursor(query.ContinuationToken);
        var filter = new InstanceFilter
        {
            CreatedFrom = query.CreatedFrom?.UtcDateTime,
            CreatedTo = query.CreatedTo?.UtcDateTime,
            Statuses = query.Statuses,
            InstanceIdPrefix = query.InstanceIdPrefix,
        };
        // One extra row tells whether another page exists without a second query.
        var rows = await store.QueryInstancesAsync(filter, after, query.PageSize + 1, cancellationToken);
        var page = rows.Take(query.PageSize).ToList();
        var token = rows.Count > query.PageSize ? EncodeCursor(page[^1]) : null;
        return new InstancePage(page.Select(i => OrchestrationMetadata.From(i, query.FetchInputsAndOutputs)).ToList(), token);
    }

    private async Task<MessageDelivery> SendLifecycleAsync(string instanceId, HistoryEventType type, string? payload, CancellationToken cancellationToken)
    {
        InstanceIds.Validate(instanceId);
        var message = new HistoryEvent(type, -1, null, payload, time.GetUtcNow().UtcDateTime);
        return await store.SendMessageAsync(instanceId, message, cancellationToken);
    }

    private async Task<OrchestrationMetadata> WaitForAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> done, CancellationToken cancellationToken)
    {
        InstanceIds.Validate(instanceId);
        var poll = FirstPoll;
        while (true)
        {
            var instance = await store.GetInstanceAsync(instanceId, cancellationToken)
                ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists.");
            if (done(instance.Status))
            {
                return OrchestrationMetadata.From(instance, getInputsAndOutputs);
            }

            await store.WaitForInstanceChangeAsync(instanceId, poll, cancellationToken);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LastPoll.Ticks));
        }
    }

    private static string EncodeCursor(OrchestrationInstance last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{last.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.InstanceId}"));

    private static InstanceCursor DecodeCursor(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            var ticks = long.Parse(text.AsSpan(0, separator), CultureInfo.InvariantCulture);
            return new InstanceCursor(new DateTime(ticks, DateTimeKind.Utc), text[(separator + 1)..]);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException("The continuation token is not one this API issued.", nameof(token), exception);
        }
    }
}
