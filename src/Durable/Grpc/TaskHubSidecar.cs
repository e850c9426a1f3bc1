using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Smo.Durable.Dispatch;
using Smo.Durable.Protocol;
using Smo.Durable.Storage;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Grpc;

/// <summary>
/// The standard Durable Task gRPC protocol (<c>TaskHubSidecarService</c>) over Smo's PostgreSQL store: the stock
/// <c>Microsoft.DurableTask.Worker.Grpc</c> and <c>Client.Grpc</c> — and the Durable Task SDKs of other languages —
/// run against it unchanged. Client calls are in this file; work items in <c>TaskHubSidecar.Work.cs</c>.
/// </summary>
internal sealed partial class TaskHubSidecar(TaskHubs hubs, TimeProvider time) : P.TaskHubSidecarService.TaskHubSidecarServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1_000;
    private const int MaxEventNameLength = 256;
    private const int HistoryChunkSize = 200;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public override Task<Empty> Hello(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public override async Task<P.CreateInstanceResponse> StartInstance(P.CreateInstanceRequest request, ServerCallContext context)
    {
        var instanceId = string.IsNullOrEmpty(request.InstanceId) ? InstanceIds.New() : request.InstanceId;
        RequireValidId(instanceId);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw Invalid("The orchestrator name is empty.");
        }

        // Smo keeps one rule the protocol leaves to the backend: a pending, running or suspended instance is never
        // replaced, whatever the reuse policy says; only finished ones not named in the dedupe list are.
        var dedupe = request.OrchestrationIdReusePolicy is { } policy
            ? OrchestrationRuntimeStatusExtensions.TerminalStatuses.Where(s => !policy.ReplaceableStatus.Contains(s.ToProto())).ToList()
            : [];
        var now = Now;
        var startAt = request.ScheduledStartTimestamp?.ToDateTime();
        var executionId = string.IsNullOrEmpty(request.ExecutionId) ? InstanceIds.New() : request.ExecutionId;
        var started = HistoryEvents.Started(instanceId, executionId, request.Name, request.Version, request.Input, now, startAt, null, request.Tags, request.ParentTraceContext);
        var outcome = await hubs.For(context).Store.CreateInstanceAsync(
            new NewOrchestration(instanceId, executionId, request.Name, request.Input, now, startAt, null, started), dedupe, context.CancellationToken);
        return outcome == CreateOutcome.Created
            ? new P.CreateInstanceResponse { InstanceId = instanceId }
            : throw new RpcException(new Status(StatusCode.AlreadyExists, $"An orchestration with instance id '{instanceId}' already exists."));
    }

    public override async Task<P.GetInstanceResponse> GetInstance(P.GetInstanceRequest request, ServerCallContext context)
    {
        RequireValidId(request.InstanceId);
        return Found(await hubs.For(context).Store.GetInstanceAsync(request.InstanceId, context.CancellationToken), request.GetInputsAndOutputs);
    }

    public override Task<P.GetInstanceResponse> WaitForInstanceStart(P.GetInstanceRequest request, ServerCallContext context) =>
        WaitAsync(request, i => i.Status != OrchestrationRuntimeStatus.Pending, context);

    public override Task<P.GetInstanceResponse> WaitForInstanceCompletion(P.GetInstanceRequest request, ServerCallContext context) =>
        WaitAsync(request, i => i.Status.IsTerminal(), context);

    public override async Task<P.RaiseEventResponse> RaiseEvent(P.RaiseEventRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxEventNameLength || request.Name.Any(char.IsControl))
        {
            throw Invalid($"An event name must have 1 to {MaxEventNameLength} printable characters.");
        }

        await SendAsync(request.InstanceId, HistoryEvents.Raised(Now, request.Name, request.Input), context);
        return new P.RaiseEventResponse();
    }

    public override async Task<P.TerminateResponse> TerminateInstance(P.TerminateRequest request, ServerCallContext context)
    {
        await SendAsync(request.InstanceId, HistoryEvents.Terminated(Now, request.Output, request.Recursive), context);
        return new P.TerminateResponse();
    }

    public override async Task<P.SuspendResponse> SuspendInstance(P.SuspendRequest request, ServerCallContext context)
    {
        await SendAsync(request.InstanceId, HistoryEvents.Suspended(Now, request.Reason), context);
        return new P.SuspendResponse();
    }

    public override async Task<P.ResumeResponse> ResumeInstance(P.ResumeRequest request, ServerCallContext context)
    {
        await SendAsync(request.InstanceId, HistoryEvents.Resumed(Now, request.Reason), context);
        return new P.ResumeResponse();
    }

    public override async Task<P.QueryInstancesResponse> QueryInstances(P.QueryInstancesRequest request, ServerCallContext context)
    {
        var query = request.Query ?? new P.InstanceQuery();
        var pageSize = query.MaxInstanceCount is > 0 and var size ? Math.Min(size, MaxPageSize) : DefaultPageSize;
        var cursor = ContinuationToken.Read(query.ContinuationToken);
        var page = await hubs.For(context).Store.QueryInstancesAsync(Filter(query.CreatedTimeFrom, query.CreatedTimeTo, query.RuntimeStatus, query.InstanceIdPrefix),
            cursor, pageSize, context.CancellationToken);
        var response = new P.QueryInstancesResponse();
        response.OrchestrationState.Add(page.Select(i => State(i, query.FetchInputsAndOutputs)));
        if (page.Count == pageSize)
        {
            response.ContinuationToken = ContinuationToken.Write(new InstanceCursor(page[^1].CreatedAt, page[^1].InstanceId));
        }

        return response;
    }

    public override async Task<P.PurgeInstancesResponse> PurgeInstances(P.PurgeInstancesRequest request, ServerCallContext context)
    {
        switch (request.RequestCase)
        {
            case P.PurgeInstancesRequest.RequestOneofCase.InstanceId:
                RequireValidId(request.InstanceId);
                var outcome = await hubs.For(context).Store.PurgeInstanceAsync(request.InstanceId, context.CancellationToken);
                return outcome == PurgeOutcome.NotTerminal
                    ? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Instance '{request.InstanceId}' is not finished; only finished instances can be purged."))
                    : new P.PurgeInstancesResponse { DeletedInstanceCount = outcome == PurgeOutcome.Purged ? 1 : 0, IsComplete = true };
            case P.PurgeInstancesRequest.RequestOneofCase.PurgeInstanceFilter:
                var filter = request.PurgeInstanceFilter;
                var purged = await hubs.For(context).Store.PurgeInstancesAsync(Filter(filter.CreatedTimeFrom, filter.CreatedTimeTo, filter.RuntimeStatus, null), context.CancellationToken);
                return new P.PurgeInstancesResponse { DeletedInstanceCount = purged, IsComplete = true };
            default:
                throw Invalid("A purge names one instance id or a filter.");
        }
    }

    public override async Task StreamInstanceHistory(P.StreamInstanceHistoryRequest request, IServerStreamWriter<P.HistoryChunk> responseStream, ServerCallContext context)
    {
        RequireValidId(request.InstanceId);
        if (await hubs.For(context).Store.GetInstanceAsync(request.InstanceId, context.CancellationToken) is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No orchestration with instance id '{request.InstanceId}' exists."));
        }

        var history = await hubs.For(context).Store.GetHistoryAsync(request.InstanceId, context.CancellationToken);
        foreach (var chunk in history.Chunk(HistoryChunkSize))
        {
            await responseStream.WriteAsync(new P.HistoryChunk { Events = { chunk } }, context.CancellationToken);
        }
    }

    public override Task<P.RestartInstanceResponse> RestartInstance(P.RestartInstanceRequest request, ServerCallContext context) =>
        throw Unsupported("Restart");

    public override Task<P.RewindInstanceResponse> RewindInstance(P.RewindInstanceRequest request, ServerCallContext context) =>
        throw Unsupported("Rewind");

    public override Task<P.SignalEntityResponse> SignalEntity(P.SignalEntityRequest request, ServerCallContext context) => throw Unsupported("Entities");

    public override Task<P.GetEntityResponse> GetEntity(P.GetEntityRequest request, ServerCallContext context) => throw Unsupported("Entities");

    public override Task<P.QueryEntitiesResponse> QueryEntities(P.QueryEntitiesRequest request, ServerCallContext context) => throw Unsupported("Entities");

    public override Task<P.CleanEntityStorageResponse> CleanEntityStorage(P.CleanEntityStorageRequest request, ServerCallContext context) =>
        throw Unsupported("Entities");

    private async Task<P.GetInstanceResponse> WaitAsync(P.GetInstanceRequest request, Func<OrchestrationInstance, bool> reached, ServerCallContext context)
    {
        RequireValidId(request.InstanceId);
        while (true)
        {
            var instance = await hubs.For(context).Store.GetInstanceAsync(request.InstanceId, context.CancellationToken);
            if (instance is null || reached(instance))
            {
                return Found(instance, request.GetInputsAndOutputs);
            }

            await hubs.For(context).Store.WaitForInstanceChangeAsync(request.InstanceId, TimeSpan.FromSeconds(1), context.CancellationToken);
        }
    }

    private async Task SendAsync(string instanceId, P.HistoryEvent message, ServerCallContext context)
    {
        RequireValidId(instanceId);
        switch (await hubs.For(context).Store.SendMessageAsync(instanceId, message, context.CancellationToken))
        {
            case MessageDelivery.InstanceNotFound:
                throw new RpcException(new Status(StatusCode.NotFound, $"No orchestration with instance id '{instanceId}' exists."));
            case MessageDelivery.InstanceTerminal:
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Orchestration '{instanceId}' has already finished."));
        }
    }

    private static InstanceFilter Filter(Timestamp? from, Timestamp? to, IEnumerable<P.OrchestrationStatus> statuses, string? prefix) => new()
    {
        CreatedFrom = from?.ToDateTime(),
        CreatedTo = to?.ToDateTime(),
        Statuses = statuses.Select(s => s.FromProto()).OfType<OrchestrationRuntimeStatus>().ToList() is { Count: > 0 } known ? known : null,
        InstanceIdPrefix = string.IsNullOrEmpty(prefix) ? null : prefix,
    };

    private static P.GetInstanceResponse Found(OrchestrationInstance? instance, bool withData) =>
        instance is null ? new P.GetInstanceResponse { Exists = false } : new P.GetInstanceResponse { Exists = true, OrchestrationState = State(instance, withData) };

    private static P.OrchestrationState State(OrchestrationInstance instance, bool withData) => new()
    {
        InstanceId = instance.InstanceId,
        Name = instance.Name,
        OrchestrationStatus = instance.Status.ToProto(),
        ExecutionId = instance.ExecutionId,
        CreatedTimestamp = HistoryEvents.Stamp(instance.CreatedAt),
        LastUpdatedTimestamp = HistoryEvents.Stamp(instance.LastUpdatedAt),
        CompletedTimestamp = instance.CompletedAt is { } completed ? HistoryEvents.Stamp(completed) : null,
        ScheduledStartTimestamp = instance.ScheduledStartAt is { } start ? HistoryEvents.Stamp(start) : null,
        ParentInstanceId = instance.Parent?.InstanceId,
        Input = withData ? instance.Input : null,
        Output = withData ? instance.Output : null,
        CustomStatus = withData ? instance.CustomStatus : null,
        FailureDetails = instance.FailureDetails,
    };

    private static void RequireValidId(string? instanceId)
    {
        if (InstanceIds.Problem(instanceId) is { } problem)
        {
            throw Invalid(problem);
        }
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private static RpcException Unsupported(string what) =>
        new(new Status(StatusCode.Unimplemented, $"{what} is not supported by Smo's PostgreSQL backend."));
}
