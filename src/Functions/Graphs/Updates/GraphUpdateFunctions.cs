using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Hdag.Parsing;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs.Updates;

/// <summary>
/// Graphs that evolve in place: a new descriptor for a running or stopped graph (<c>PUT /graphs/{name}</c>, what-if
/// with <c>?dryRun=true</c>), the versions it has run, and a return to one of them. The graph's orchestration applies
/// each version (see <see cref="GraphUpdates"/>).
/// </summary>
public sealed class GraphUpdateFunctions(GraphStore graphs, GraphUpdates updates, HdagParser parser)
{
    [Function("Graphs_Update"), WhatIf, ProjectScoped]
    public async Task<IResult> Update(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "graphs/{name}")] HttpRequest request, string name, [DurableClient] DurableTaskClient client)
    {
        var (graph, refusal) = await VisibleGraph.FindAsync(graphs, request, name, request.HttpContext.RequestAborted);
        if (graph is null)
        {
            return refusal!;
        }

        var limit = parser.Options.MaxInputBytes;
        var body = await RequestBodies.ReadAtMostAsync(request, limit);
        return body is null ? RequestBodies.TooLarge("The descriptor", limit) : await updates.UpdateAsync(graph, body, request, client);
    }

    [Function("Graphs_Versions"), ProjectScoped]
    public async Task<IResult> Versions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs/{name}/versions")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        var (graph, refusal) = await VisibleGraph.FindAsync(graphs, request, name, cancellationToken);
        return graph is null ? refusal! : TypedResults.Ok(await updates.VersionsAsync(graph, cancellationToken));
    }

    [Function("Graphs_Rollback"), ProjectScoped, JsonBody(GraphUpdates.RollbackBody)]
    public async Task<IResult> Rollback(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "graphs/{name}/rollback")] HttpRequest request, string name, [DurableClient] DurableTaskClient client)
    {
        var (graph, refusal) = await VisibleGraph.FindAsync(graphs, request, name, request.HttpContext.RequestAborted);
        if (graph is null)
        {
            return refusal!;
        }

        var body = await Problems.ReadJsonBodyAsync(request, GraphUpdates.MaxRollbackBody);
        return body.Problem ?? await updates.RollbackAsync(graph, body.Value, request, client);
    }
}
