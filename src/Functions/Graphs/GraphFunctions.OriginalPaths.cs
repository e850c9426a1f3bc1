using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Smo.Functions.Http;
using Smo.Functions.Placement;

namespace Smo.Functions.Graphs;

/// <summary>
/// The original SMO's first (V1) paths, <c>/graph/project/{project}</c> and <c>/graph/{name}[/placement|start|stop]</c>:
/// each is the V3 path's function under another route (same keys, project scope, limits and answers), so a client
/// written for the first release works unchanged.
/// </summary>
public sealed partial class GraphFunctions
{
    [Function("Graphs_DeployV1"), WhatIf, ProjectScoped, Returns(typeof(DeployAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> DeployV1(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "graph/project/{project}")] HttpRequest request, string project, [DurableClient] DurableTaskClient client) =>
        Deploy(request, project, client);

    [Function("Graphs_ListByProjectV1"), ProjectScoped, Returns(typeof(IReadOnlyList<GraphListItem>))]
    public Task<IResult> ListByProjectV1(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graph/project/{project}")] HttpRequest request, string project, CancellationToken cancellationToken) =>
        ListByProject(request, project, cancellationToken);

    [Function("Graphs_GetV1"), ProjectScoped, Returns(typeof(GraphDetail))]
    public Task<IResult> GetV1(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graph/{name}")] HttpRequest request, string name, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        Get(request, name, client, cancellationToken);

    [Function("Graphs_RemoveV1"), ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> RemoveV1(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "graph/{name}")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        Remove(request, name, client);

    [Function("Graphs_PlacementV1"), WhatIf, ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> PlacementV1(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graph/{name}/placement")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        Placement(request, name, client);

    [Function("Graphs_StartV1"), ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> StartV1(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graph/{name}/start")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        Start(request, name, client);

    [Function("Graphs_StopV1"), ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> StopV1(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graph/{name}/stop")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        Stop(request, name, client);
}
