using Grpc.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Grpc;

/// <summary>The worker side of the protocol: a stream of work items out, completions and abandons back.</summary>
internal sealed partial class TaskHubSidecar
{
    public override async Task GetWorkItems(P.GetWorkItemsRequest request, IServerStreamWriter<P.WorkItem> responseStream, ServerCallContext context)
    {
        try
        {
            await hubs.For(context).Dispatcher.StreamAsync(request, responseStream, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker disconnected or the server is stopping; its work was handed back.
        }
    }

    public override async Task<P.CompleteTaskResponse> CompleteOrchestratorTask(P.OrchestratorResponse request, ServerCallContext context) =>
        await hubs.For(context).Dispatcher.CompleteOrchestrationAsync(request) ? new P.CompleteTaskResponse() : throw UnknownToken(request.CompletionToken);

    public override async Task<P.CompleteTaskResponse> CompleteActivityTask(P.ActivityResponse request, ServerCallContext context) =>
        await hubs.For(context).Dispatcher.CompleteActivityAsync(request) ? new P.CompleteTaskResponse() : throw UnknownToken(request.CompletionToken);

    public override async Task<P.AbandonOrchestrationTaskResponse> AbandonTaskOrchestratorWorkItem(P.AbandonOrchestrationTaskRequest request, ServerCallContext context) =>
        await hubs.For(context).Dispatcher.AbandonOrchestrationAsync(request.CompletionToken) ? new P.AbandonOrchestrationTaskResponse() : throw UnknownToken(request.CompletionToken);

    public override async Task<P.AbandonActivityTaskResponse> AbandonTaskActivityWorkItem(P.AbandonActivityTaskRequest request, ServerCallContext context) =>
        await hubs.For(context).Dispatcher.AbandonActivityAsync(request.CompletionToken) ? new P.AbandonActivityTaskResponse() : throw UnknownToken(request.CompletionToken);

    public override Task<P.CompleteTaskResponse> CompleteEntityTask(P.EntityBatchResult request, ServerCallContext context) => throw Unsupported("Entities");

    public override Task<P.AbandonEntityTaskResponse> AbandonTaskEntityWorkItem(P.AbandonEntityTaskRequest request, ServerCallContext context) =>
        throw Unsupported("Entities");

    /// <summary>The item's lease ended (another worker may hold it now) or the token was never issued: the result is dropped.</summary>
    private static RpcException UnknownToken(string token) => new(new Status(StatusCode.NotFound,
        $"No work item is waiting under completion token '{(token.Length > 64 ? token[..64] : token)}'; its lease ended and the result was dropped."));
}
