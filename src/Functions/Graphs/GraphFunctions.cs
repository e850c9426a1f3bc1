using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Smo.Functions.Durable;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Hdag.Parsing;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Strategies;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// The graph API: every path of the original SMO (GET kept for old clients where it changed state, POST added),
/// plus strategy execution and a status that shows strategies, latest decisions, events and failure reasons.
/// Commands return 202 with the graph's status URL: the graph's orchestration carries them out in order.
/// </summary>
public sealed class GraphFunctions(IServiceProvider services)
{
    private const int LatestDecisions = 10;
    private const int LatestEvents = 20;

    [Function("Graphs_Deploy"), WhatIf]
    public Task<IResult> Deploy(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "project/{project}/graphs")] HttpRequest request, string project, [DurableClient] DurableTaskClient client) =>
        DeployAsync(project, request, client);

    [Function("Graphs_ListByProject")]
    public Task<IResult> ListByProject([HttpTrigger(AuthorizationLevel.Function, "get", Route = "project/{project}/graphs")] HttpRequest request, string project, CancellationToken cancellationToken) =>
        ListAsync(project, cancellationToken);

    [Function("Graphs_List")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs")] HttpRequest request, CancellationToken cancellationToken) =>
        ListAllAsync(cancellationToken);

    [Function("Graphs_Get")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs/{name}")] HttpRequest request, string name, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        GetAsync(name, client, cancellationToken);

    [Function("Graphs_Remove")]
    public Task<IResult> Remove([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "graphs/{name}")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Remove), request, client);

    /// <summary>Re-place; GET is the original's form, kept for its clients.</summary>
    [Function("Graphs_Placement"), WhatIf]
    public Task<IResult> Placement([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graphs/{name}/placement")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Replace), request, client);

    [Function("Graphs_Start")]
    public Task<IResult> Start([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graphs/{name}/start")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Start), request, client);

    [Function("Graphs_Stop")]
    public Task<IResult> Stop([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graphs/{name}/stop")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Stop), request, client);

    [Function("Graphs_ExecuteStrategy"), WhatIf]
    public Task<IResult> ExecuteStrategy(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "graphs/{name}/execute_strategy/{strategy}")] HttpRequest request, string name, string strategy, [DurableClient] DurableTaskClient client) =>
        ExecuteStrategyAsync(name, strategy, request, client);

    private async Task<IResult> DeployAsync(string project, HttpRequest request, DurableTaskClient client)
    {
        if (services.GetService<GraphDeployment>() is not { } deployment)
        {
            return StoreMissing();
        }

        var limit = services.GetRequiredService<HdagParser>().Options.MaxInputBytes;
        var body = await RequestBodies.ReadAtMostAsync(request, limit);
        return body is null ? RequestBodies.TooLarge("The descriptor", limit) : await deployment.DeployAsync(project, body, request, client);
    }

    private async Task<IResult> ListAsync(string project, CancellationToken cancellationToken) =>
        services.GetService<GraphStore>() is { } graphs
            ? TypedResults.Ok((await graphs.ListByProjectAsync(project, cancellationToken)).Select(GraphViews.Summary))
            : StoreMissing();

    /// <summary>Every graph of every project (the CLI's <c>graph list</c> without a project).</summary>
    private async Task<IResult> ListAllAsync(CancellationToken cancellationToken) =>
        services.GetService<GraphStore>() is { } graphs
            ? TypedResults.Ok((await graphs.ListAsync(cancellationToken)).Select(GraphViews.Summary))
            : StoreMissing();

    private async Task<IResult> GetAsync(string name, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (services.GetService<GraphStore>() is not { } graphs)
        {
            return StoreMissing();
        }

        if (await graphs.GetAsync(name, cancellationToken) is not { } graph)
        {
            return Problems.NotFound($"No graph is named '{name}'.");
        }

        var decisions = await services.GetRequiredService<DecisionLog>().LatestAsync(name, LatestDecisions, cancellationToken);
        var events = await services.GetRequiredService<EventLog>().LatestAsync(name, LatestEvents, cancellationToken);
        var instance = await client.GetInstanceAsync(GraphLifecycle.InstanceIdFor(name), getInputsAndOutputs: true, cancellationToken);
        return TypedResults.Ok(GraphViews.Detail(graph, decisions, events, instance));
    }

    private Task<IResult> ExecuteStrategyAsync(string name, string strategy, HttpRequest request, DurableTaskClient client)
    {
        if (services.GetService<StrategyRegistry>() is not { } strategies)
        {
            return Task.FromResult(StoreMissing());
        }

        return strategies.PlacementNames.Contains(strategy, StringComparer.OrdinalIgnoreCase)
            ? CommandAsync(name, new GraphCommand(GraphCommandKind.ExecuteStrategy, Strategy: strategy), request, client)
            : Task.FromResult(Problems.NotFound($"No placement strategy is named '{strategy}'; known: {string.Join(", ", strategies.PlacementNames)}."));
    }

    /// <summary>Hands a command to the graph's orchestration (which runs them in arrival order) and answers 202.</summary>
    private async Task<IResult> CommandAsync(string name, GraphCommand command, HttpRequest request, DurableTaskClient client)
    {
        if (services.GetService<GraphStore>() is not { } graphs)
        {
            return StoreMissing();
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await graphs.GetAsync(name, cancellationToken) is not { } graph)
        {
            return Problems.NotFound($"No graph is named '{name}'.");
        }

        switch (WhatIf.Requested(request))
        {
            case (_, { } problem):
                return problem;
            case (true, _) when command.Kind is GraphCommandKind.Replace or GraphCommandKind.ExecuteStrategy:
                return await WhatIf.ReplacementAsync(graph, command.Strategy, services, cancellationToken);
            case (true, _):
                return Problems.BadRequest($"dryRun is offered for deploy, placement and execute_strategy, not for {command.Kind}.", $"query: {WhatIf.Parameter}");
        }

        var stamped = command with { RequestedAt = TimeProvider.System.GetUtcNow().UtcDateTime };
        if (await client.SendAsync(graph.Name, stamped, cancellationToken) != CommandDelivery.Delivered)
        {
            return Problems.Conflict($"The orchestration of graph '{name}' is not running; it cannot take '{command.Kind}'.");
        }

        var statusUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/graphs/{graph.Name}";
        return TypedResults.Accepted(statusUrl, new { name = graph.Name, command = command.Kind.ToString(), statusUrl });
    }

    internal static IResult StoreMissing() => TypedResults.Problem(
        detail: $"The control plane needs PostgreSQL: set the connection string '{ControlPlaneHosting.ConnectionStringName}'.",
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "The control plane is not configured.");
}
