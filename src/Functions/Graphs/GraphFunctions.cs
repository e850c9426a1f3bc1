using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Hdag.Parsing;
using Smo.Orchestrations.Graphs;
using Smo.Store;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Functions.Secrets;

namespace Smo.Functions.Graphs;

/// <summary>
/// The graph API: every path of the original SMO (GET kept for old clients where it changed state, POST added),
/// plus strategy execution, the graph's weights, and a status that shows strategies, latest decisions, why each service
/// runs where it does, events and failure reasons.
/// Commands return 202 with the graph's status URL: the graph's orchestration carries them out in order.
/// </summary>
public sealed partial class GraphFunctions(
    GraphStore graphs, GraphDeployment deployment, HdagParser parser, DecisionLog decisions, EventLog events, StrategyRunReader strategyRuns,
    GraphCommands commands, GraphTuning tuning, WhatIfPlans whatIf, DryRunGate dryRuns, CommandMethods methods, SecretValues secrets)
{
    private const int LatestDecisions = 10;
    private const int LatestEvents = 20;

    [Function("Graphs_Deploy"), WhatIf, ProjectScoped, Returns(typeof(DeployAccepted), StatusCodes.Status202Accepted)]
    public async Task<IResult> Deploy(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "project/{project}/graphs")] HttpRequest request, string project, [DurableClient] DurableTaskClient client)
    {
        if (!ProjectScope.Allows(request, project))
        {
            return ProjectScope.Refused(project);
        }

        var limit = parser.Options.MaxInputBytes;
        var body = await RequestBodies.ReadAtMostAsync(request, limit);
        return body is null ? RequestBodies.TooLarge("The descriptor", limit) : await deployment.DeployAsync(project, body, request, client);
    }

    /// <summary>The project's graphs as full objects, a page at a time (see <see cref="GraphListPage"/>).</summary>
    [Function("Graphs_ListByProject"), ProjectScoped, Returns(typeof(IReadOnlyList<GraphListItem>))]
    public async Task<IResult> ListByProject([HttpTrigger(AuthorizationLevel.Function, "get", Route = "project/{project}/graphs")] HttpRequest request, string project, CancellationToken cancellationToken)
    {
        if (!ProjectScope.Allows(request, project))
        {
            return ProjectScope.Refused(project);
        }

        return await GraphListPage.ReadAsync(request, (after, limit) => graphs.ListPageByProjectAsync(project, after, limit, cancellationToken), secrets);
    }

    /// <summary>
    /// Every graph of every project the key opens (the CLI's <c>graph list</c> without a project), as the project list
    /// gives them; a project-scoped key's projects filter the page in the store, so its pages are full.
    /// </summary>
    [Function("Graphs_List"), ProjectScoped, Returns(typeof(IReadOnlyList<GraphListItem>))]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs")] HttpRequest request, CancellationToken cancellationToken) =>
        GraphListPage.ReadAsync(request, (after, limit) => graphs.ListPageAsync(after, limit, ProjectScope.Of(request)?.Projects, cancellationToken), secrets);

    [Function("Graphs_Get"), ProjectScoped, Returns(typeof(GraphDetail))]
    public async Task<IResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs/{name}")] HttpRequest request, string name, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (graph, refusal) = await VisibleGraphAsync(request, name, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        var latestDecisions = await decisions.LatestAsync(name, LatestDecisions, cancellationToken);
        var latestEvents = await events.LatestAsync(name, LatestEvents, cancellationToken);
        var whys = await ServiceWhys.ReadAsync(decisions, graph, cancellationToken);
        var instance = await client.GetInstanceAsync(GraphLifecycle.InstanceIdFor(name), getInputsAndOutputs: true, cancellationToken);
        return TypedResults.Ok(GraphViews.Detail(graph, latestDecisions, latestEvents, instance, secrets, whys));
    }

    [Function("Graphs_Remove"), ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> Remove([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "graphs/{name}")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Remove), request, client);

    /// <summary>Re-place; GET is the original's form, kept for its clients where <see cref="CommandMethods"/> allows it.</summary>
    [Function("Graphs_Placement"), WhatIf, ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> Placement([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graphs/{name}/placement")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Replace), request, client);

    [Function("Graphs_Start"), ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> Start([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graphs/{name}/start")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Start), request, client);

    [Function("Graphs_Stop"), ProjectScoped, Returns(typeof(CommandAccepted), StatusCodes.Status202Accepted)]
    public Task<IResult> Stop([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "graphs/{name}/stop")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        CommandAsync(name, new(GraphCommandKind.Stop), request, client);

    /// <summary>
    /// The graph adopts a placement or scaling strategy (and the body's weights) and decides with it now; the body is
    /// optional (see <see cref="StrategyRunReader"/>).
    /// </summary>
    [Function("Graphs_ExecuteStrategy"), WhatIf, ProjectScoped, JsonBody(StrategyRunReader.Description)]
    public async Task<IResult> ExecuteStrategy(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "graphs/{name}/execute_strategy/{strategy}")] HttpRequest request, string name, string strategy, [DurableClient] DurableTaskClient client)
    {
        var body = await Problems.ReadJsonBodyAsync(request, StrategyRunReader.MaxLength);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        return strategyRuns.Read(strategy, body.Value, out var problem) is ({ } adopted, { } run)
            ? await CommandAsync(name, new GraphCommand(GraphCommandKind.ExecuteStrategy, Strategy: adopted, Run: run), request, client)
            : problem!;
    }

    /// <summary>
    /// Sets the graph's own objective weights (the body, whole: terms left out take the host's defaults); decisions
    /// read them from the store, so the next one uses them. Answers the graph's strategies and weights.
    /// </summary>
    [Function("Graphs_SetWeights"), ProjectScoped, JsonBody(WeightsBody.Description)]
    public async Task<IResult> SetWeights(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "graphs/{name}/weights")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        var (graph, refusal) = await VisibleGraphAsync(request, name, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        var body = await Problems.ReadJsonBodyAsync(request, WeightsBody.MaxLength);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (weights, invalid) = body.Value is { } value ? WeightsBody.Read(value, "body") : (null, Problems.BadRequest($"The body must be {WeightsBody.Shape}.", "body"));
        if (invalid is not null)
        {
            return invalid;
        }

        try
        {
            return await tuning.ChangeAsync(graph.Name, strategies => strategies with { Weights = weights! }, cancellationToken) is { } changed
                ? TypedResults.Ok(GraphViews.Strategies(changed))
                : GraphNotFound(name);
        }
        catch (ConcurrencyConflictException)
        {
            return Problems.Conflict($"Graph '{name}' kept changing while its weights were written; try again.");
        }
    }

    /// <summary>Hands a command to the graph's orchestration (which runs them in arrival order) and answers 202.</summary>
    private async Task<IResult> CommandAsync(string name, GraphCommand command, HttpRequest request, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var whatIfRequested = WhatIf.Requested(request);
        if (!whatIfRequested.DryRun && methods.Refusal(request, command.Kind.ToString()) is { } wrongMethod)
        {
            return wrongMethod;
        }

        var (graph, refusal) = await VisibleGraphAsync(request, name, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        switch (whatIfRequested)
        {
            case (_, { } problem):
                return problem;
            case (true, _) when command.Run?.Kind == StrategyKind.Scaling:
                return Problems.BadRequest("dryRun is offered for placement strategies; a scaling strategy has no what-if.", $"query: {WhatIf.Parameter}");
            case (true, _) when command.Kind is GraphCommandKind.Replace or GraphCommandKind.ExecuteStrategy:
                using (var slot = dryRuns.TryEnter())
                {
                    return slot is null
                        ? DryRunGate.Busy(request.HttpContext.Response)
                        : TypedResults.Ok(await whatIf.ReplacementAsync(graph, command.Strategy, command.Run, cancellationToken));
                }
            case (true, _):
                return Problems.BadRequest($"dryRun is offered for deploy, placement and execute_strategy, not for {command.Kind}.", $"query: {WhatIf.Parameter}");
        }

        if (await commands.SendAsync(client, graph.Name, command, cancellationToken) != CommandDelivery.Delivered)
        {
            return Problems.Conflict($"The orchestration of graph '{name}' is not running; it cannot take '{command.Kind}'.");
        }

        var statusUrl = StatusUrl(request, graph.Name);
        return TypedResults.Accepted(statusUrl, new CommandAccepted(graph.Name, command.Kind.ToString(), statusUrl));
    }

    private Task<(GraphRecord? Graph, IResult? Refusal)> VisibleGraphAsync(HttpRequest request, string name, CancellationToken cancellationToken) =>
        VisibleGraph.FindAsync(graphs, request, name, cancellationToken);

    private static IResult GraphNotFound(string name) => VisibleGraph.NotFound(name);

    /// <summary>Where a client polls the graph's status.</summary>
    internal static string StatusUrl(HttpRequest request, string graph) => $"{request.Scheme}://{request.Host}{request.PathBase}/graphs/{graph}";
}

/// <summary>A command handed to the graph's orchestration; <see cref="StatusUrl"/> shows when it is done.</summary>
public sealed record CommandAccepted(string Name, string Command, string StatusUrl);
