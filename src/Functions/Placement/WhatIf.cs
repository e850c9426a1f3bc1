using Microsoft.OpenApi;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Strategies;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>
/// What-if before apply: <c>?dryRun=true</c> on deploy, placement and execute_strategy answers 200 with the plan —
/// the placement, the services that would move, the objective by term beside the current placement's, and the
/// modelled power and carbon of both — decided by the same planner, on the inventory read from Karmada first as a
/// placement reads it. Nothing else changes: no graph is stored, no command sent, nothing installed or moved.
/// </summary>
public static class WhatIf
{
    public const string Parameter = "dryRun";

    /// <summary>Documents the <c>dryRun</c> query parameter on a route that offers it (the handler reads it itself, so
    /// that a wrong value is a problem+json naming the parameter).</summary>
    public static TBuilder WithDryRun<TBuilder>(this TBuilder route) where TBuilder : IEndpointConventionBuilder =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Parameter,
                In = ParameterLocation.Query,
                Description = "true: answer 200 with the plan (placement, moves, objective, modelled power and carbon) and change nothing.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean },
            });
            return Task.CompletedTask;
        });

    /// <summary>Whether the request asks for a dry run (<c>true</c>, or Kubernetes' <c>All</c>), or why the value is wrong.</summary>
    public static (bool DryRun, IResult? Problem) Requested(HttpRequest request)
    {
        if (!request.Query.TryGetValue(Parameter, out var values))
        {
            return (false, null);
        }

        return values.ToString().ToLowerInvariant() switch
        {
            "true" or "all" => (true, null),
            "false" => (false, null),
            var other => (false, Problems.BadRequest($"dryRun is '{other}'; it must be true or false.", $"query: {Parameter}")),
        };
    }

    /// <summary>The plan of a re-placement of a stored graph, with <paramref name="strategy"/> or the graph's own.</summary>
    public static async Task<IResult> ReplacementAsync(GraphRecord graph, string? strategy, IServiceProvider services, CancellationToken cancellationToken) =>
        TypedResults.Ok(Plan(graph, strategy ?? graph.Strategies.PlacementStrategy, await InventoryAsync(services, cancellationToken), services));

    /// <summary>The plan of a first placement of a graph not stored yet.</summary>
    public static async Task<IResult> DeployAsync(NewGraph graph, IServiceProvider services, CancellationToken cancellationToken)
    {
        var unstored = PlacementPlanner.Unstored(graph, TimeProvider.System.GetUtcNow());
        return TypedResults.Ok(Plan(unstored, graph.Strategies.PlacementStrategy, await InventoryAsync(services, cancellationToken), services));
    }

    private static Task<IReadOnlyList<ClusterRecord>> InventoryAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<InventorySync>().CurrentAsync(cancellationToken);

    private static object Plan(GraphRecord graph, string strategyName, IReadOnlyList<ClusterRecord> clusters, IServiceProvider services)
    {
        var descriptor = services.GetRequiredService<GraphReader>().Descriptor(graph);
        var strategy = services.GetRequiredService<StrategyRegistry>().Placement(strategyName);
        var limit = services.GetRequiredService<GraphDefaults>().PlacementTimeLimit;
        var plan = descriptor.Intent.UseStaticPlacement
            ? PlacementPlanner.Static(graph)
            : PlacementPlanner.Plan(graph, descriptor, clusters, strategy, new SolverOptions(limit));
        var current = graph.Placement.Count > 0 ? graph.Placement : null;
        return new
        {
            graph = graph.Name,
            dryRun = true,
            strategy = descriptor.Intent.UseStaticPlacement ? "static" : strategy.Name,
            status = plan.Result?.Status.ToString() ?? (plan.Placement is null ? "Refused" : "Static"),
            reason = plan.Reason,
            current = current is null ? null : Side(plan.Problem, current, objective: null),
            proposed = plan.Placement is { } proposed ? Side(plan.Problem, proposed, plan.Result?.Objective) : null,
            moves = Moves(current, plan.Placement),
            lowerBound = plan.Result?.LowerBound,
            gap = plan.Result?.Gap,
            solveTimeMs = plan.Result?.SolveTime.TotalMilliseconds,
        };
    }

    /// <summary>One placement with its objective by term and its modelled power and carbon; the figures are null when the
    /// solver's view cannot price it (static placement, or a cluster that has left the inventory).</summary>
    private static object Side(PlacementProblem? problem, IReadOnlyDictionary<string, string> placement, IReadOnlyDictionary<string, double>? objective)
    {
        var clusters = problem?.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var priced = problem is not null && problem.Services.All(s => placement.TryGetValue(s.Name, out var c) && clusters!.ContainsKey(c));
        objective ??= priced ? PlacementObjective.Evaluate(problem!, placement) : null;
        return new
        {
            placement,
            objective,
            total = objective?.Values.Sum(),
            kilowatts = priced ? problem!.Services.Sum(s => PlacementObjective.Kilowatts(s, clusters![placement[s.Name]])) : (double?)null,
            carbonKgPerHour = priced ? problem!.Services.Sum(s => PlacementObjective.CarbonKilogramsPerHour(s, clusters![placement[s.Name]])) : (double?)null,
        };
    }

    private static IEnumerable<object> Moves(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? proposed) =>
        current is null || proposed is null
            ? []
            : proposed.Where(p => current.TryGetValue(p.Key, out var from) && from != p.Value)
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new { service = p.Key, from = current[p.Key], to = p.Value });
}
