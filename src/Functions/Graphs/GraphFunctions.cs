using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Hdag.Parsing;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;
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
public static class GraphFunctions
{
    private const int LatestDecisions = 10;
    private const int LatestEvents = 20;

    public static IEndpointRouteBuilder MapGraphFunctions(this IEndpointRouteBuilder functions)
    {
        functions.MapFunction("Graphs_Deploy", AuthorizationLevel.Function, "POST", "/project/{project}/graphs", DeployAsync).WithDryRun();
        functions.MapFunction("Graphs_ListByProject", AuthorizationLevel.Function, "GET", "/project/{project}/graphs", ListAsync);
        functions.MapFunction("Graphs_List", AuthorizationLevel.Function, "GET", "/graphs", ListAllAsync);
        functions.MapFunction("Graphs_Get", AuthorizationLevel.Function, "GET", "/graphs/{name}", GetAsync);
        functions.MapFunction("Graphs_Remove", AuthorizationLevel.Function, "DELETE", "/graphs/{name}", (string name, HttpRequest r) => CommandAsync(name, new(GraphCommandKind.Remove), r));
        foreach (var method in new[] { "GET", "POST" })
        {
            functions.MapFunction($"Graphs_Placement_{method}", AuthorizationLevel.Function, method, "/graphs/{name}/placement", (string name, HttpRequest r) => CommandAsync(name, new(GraphCommandKind.Replace), r))
                .WithDryRun();
            functions.MapFunction($"Graphs_Start_{method}", AuthorizationLevel.Function, method, "/graphs/{name}/start", (string name, HttpRequest r) => CommandAsync(name, new(GraphCommandKind.Start), r));
            functions.MapFunction($"Graphs_Stop_{method}", AuthorizationLevel.Function, method, "/graphs/{name}/stop", (string name, HttpRequest r) => CommandAsync(name, new(GraphCommandKind.Stop), r));
        }

        functions.MapFunction("Graphs_ExecuteStrategy", AuthorizationLevel.Function, "POST", "/graphs/{name}/execute_strategy/{strategy}", ExecuteStrategyAsync).WithDryRun();
        return functions;
    }

    private static async Task<IResult> DeployAsync(string project, HttpRequest request, IServiceProvider services)
    {
        if (services.GetService<GraphDeployment>() is not { } deployment)
        {
            return StoreMissing();
        }

        var limit = services.GetRequiredService<HdagParser>().Options.MaxInputBytes;
        var body = await RequestBodies.ReadAtMostAsync(request, limit);
        return body is null ? RequestBodies.TooLarge("The descriptor", limit) : await deployment.DeployAsync(project, body, request);
    }

    private static async Task<IResult> ListAsync(string project, IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<GraphStore>() is { } graphs
            ? TypedResults.Ok((await graphs.ListByProjectAsync(project, cancellationToken)).Select(GraphViews.Summary))
            : StoreMissing();

    /// <summary>Every graph of every project (the CLI's <c>graph list</c> without a project).</summary>
    private static async Task<IResult> ListAllAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<GraphStore>() is { } graphs
            ? TypedResults.Ok((await graphs.ListAsync(cancellationToken)).Select(GraphViews.Summary))
            : StoreMissing();

    private static async Task<IResult> GetAsync(string name, IServiceProvider services, DurableTaskClient client, CancellationToken cancellationToken)
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

    private static Task<IResult> ExecuteStrategyAsync(string name, string strategy, HttpRequest request)
    {
        if (request.HttpContext.RequestServices.GetService<StrategyRegistry>() is not { } strategies)
        {
            return Task.FromResult(StoreMissing());
        }

        return strategies.PlacementNames.Contains(strategy, StringComparer.OrdinalIgnoreCase)
            ? CommandAsync(name, new GraphCommand(GraphCommandKind.ExecuteStrategy, Strategy: strategy), request)
            : Task.FromResult(Problems.NotFound($"No placement strategy is named '{strategy}'; known: {string.Join(", ", strategies.PlacementNames)}."));
    }

    /// <summary>Hands a command to the graph's orchestration (which runs them in arrival order) and answers 202.</summary>
    private static async Task<IResult> CommandAsync(string name, GraphCommand command, HttpRequest request)
    {
        var services = request.HttpContext.RequestServices;
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

        var client = services.GetRequiredService<DurableTaskClient>();
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
