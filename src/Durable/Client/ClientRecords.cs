using Smo.Durable.Storage;

namespace Smo.Durable;

/// <summary>Options for starting an orchestration.</summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
{
    /// <summary>
    /// Terminal statuses that block reusing the instance id; a running, pending or suspended instance always blocks.
    /// </summary>
    public IReadOnlyList<OrchestrationRuntimeStatus> DedupeStatuses { get; init; } = [];
}

/// <summary>Options for terminating an instance.</summary>
public sealed record TerminateInstanceOptions(object? Output = null, bool Recursive = false);

/// <summary>A query over instances; pages are keyset-paged by (created time, instance id).</summary>
public sealed record OrchestrationQuery
{
    public const int MaxPageSize = 1_000;

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public IReadOnlyList<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public string? InstanceIdPrefix { get; init; }

    public int PageSize { get; init; } = 100;

    public string? ContinuationToken { get; init; }

    public bool FetchInputsAndOutputs { get; init; }
}

/// <summary>One page of a query; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record InstancePage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);

/// <summary>Filter for purging many terminal instances at once.</summary>
public sealed record PurgeInstancesFilter(DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, IReadOnlyList<OrchestrationRuntimeStatus>? Statuses = null);

/// <summary>The result of a purge.</summary>
public sealed record PurgeResult(int PurgedInstanceCount, PurgeOutcome Outcome);

/// <summary>Starting an instance whose id is taken.</summary>
public sealed class OrchestrationAlreadyExistsException(string instanceId)
    : InvalidOperationException($"An orchestration with instance id '{instanceId}' already exists and may not be replaced.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>An instance as clients see it.</summary>
public sealed record OrchestrationMetadata(
    string InstanceId,
    string Name,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? SerializedInput,
    string? SerializedOutput,
    string? SerializedCustomStatus,
    TaskFailureDetails? FailureDetails)
{
    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => DataConverter.Default.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => DataConverter.Default.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => DataConverter.Default.Deserialize<T>(SerializedCustomStatus);

    internal static OrchestrationMetadata From(OrchestrationInstance instance, bool includePayloads) => new(
        instance.InstanceId,
        instance.Name,
        instance.Status,
        new DateTimeOffset(instance.CreatedAt, TimeSpan.Zero),
        new DateTimeOffset(instance.LastUpdatedAt, TimeSpan.Zero),
        includePayloads ? instance.Input : null,
        includePayloads ? instance.Output : null,
        instance.CustomStatus,
        instance.FailureDetails);
}
