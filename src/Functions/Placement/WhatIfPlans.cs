using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>
/// The what-if plans: the placement, the services that would move, the objective by term beside the current
/// placement's, and the modelled power and carbon of both — decided by the placement activity's own planner, on
/// the inventory read from Karmada first. Nothing changes: no graph is stored, no command sent, nothing moved.
/// </summary>
public sealed class WhatIfPlans(PlacementPlanner planner, GraphReader reader, TimeProvider time)
{
    /// <summary>
    /// The plan of a re-placement of a stored graph, with <paramref name="strategy"/> or the graph's own, and with the
    /// weights and solver options of an <c>execute_strategy</c> <paramref name="run"/> as it would adopt them.
    /// </summary>
    public async Task<PlacementWhatIf> ReplacementAsync(GraphRecord graph, string? strategy, StrategyRun? run, CancellationToken cancellationToken)
    {
        var tuned = run?.Weights is { } weights
            ? graph with { Strategies = graph.Strategies with { Weights = WeightTerms.Merge(graph.Strategies.Weights, weights) } }
            : graph;
        return await PlanAsync(tuned, strategy ?? graph.Strategies.PlacementStrategy, run?.Solver, hold: true, cancellationToken);
    }

    /// <summary>The plan of a first placement of a graph not stored yet.</summary>
    public async Task<PlacementWhatIf> DeployAsync(NewGraph graph, CancellationToken cancellationToken) =>
        await PlanAsync(Unstored(graph, time.GetUtcNow()), graph.Strategies.PlacementStrategy, null, hold: false, cancellationToken);

    /// <param name="hold">A re-placement's plan holds what may stay, as the re-placement itself would (<see cref="PlacementPlanner.PlanAsync"/>).</param>
    private async Task<PlacementWhatIf> PlanAsync(GraphRecord graph, string strategy, SolverOptions? options, bool hold, CancellationToken cancellationToken)
    {
        var plan = await planner.PlanAsync(graph, reader.Descriptor(graph), strategy, options: options, hold: hold, cancellationToken: cancellationToken);
        var current = graph.Placement.Count > 0 ? graph.Placement : null;
        return new PlacementWhatIf(
            graph.Name,
            DryRun: true,
            plan.Strategy ?? strategy,
            plan.Result?.Status.ToString() ?? (plan.Placement is null ? "Refused" : "Static"),
            plan.Reason,
            current is null ? null : Side(plan.Problem, current, objective: null),
            plan.Placement is { } proposed ? Side(plan.Problem, proposed, plan.Result?.Objective) : null,
            Moves(current, plan.Placement),
            plan.Result?.LowerBound,
            plan.Result?.Gap,
            plan.Result?.SolveTime.TotalMilliseconds,
            plan.Divisions);
    }

    /// <summary>One placement with its objective by term and its modelled power and carbon; the figures are null when the
    /// solver's view cannot price it (static placement, or a cluster that has left the inventory).</summary>
    private static PlacementSide Side(PlacementProblem? problem, IReadOnlyDictionary<string, string> placement, IReadOnlyDictionary<string, double>? objective)
    {
        var clusters = problem?.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var priced = problem is not null && problem.Services.All(s => placement.TryGetValue(s.Name, out var c) && clusters!.ContainsKey(c));
        objective ??= priced ? PlacementObjective.Evaluate(problem!, placement) : null;
        return new PlacementSide(
            placement,
            objective,
            objective?.Values.Sum(),
            priced ? problem!.Services.Sum(s => PlacementObjective.Kilowatts(s, clusters![placement[s.Name]])) : null,
            priced ? problem!.Services.Sum(s => PlacementObjective.CarbonKilogramsPerHour(s, clusters![placement[s.Name]])) : null);
    }

    private static IReadOnlyList<PlacementMove> Moves(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? proposed) =>
        current is null || proposed is null
            ? []
            : [.. proposed.Where(p => current.TryGetValue(p.Key, out var from) && from != p.Value)
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new PlacementMove(p.Key, current[p.Key], p.Value))];

    /// <summary>A graph not stored yet, as the planner reads a stored one: nothing placed, nothing installed.</summary>
    private static GraphRecord Unstored(NewGraph graph, DateTimeOffset now) => new()
    {
        Name = graph.Name,
        Project = graph.Project,
        Status = graph.Status,
        Descriptor = graph.Descriptor,
        Placement = graph.Placement,
        Strategies = graph.Strategies,
        CreatedAt = now,
        UpdatedAt = now,
        Version = 0,
        Services = [.. graph.Services.Select(s => new ServiceRecord
        {
            Graph = graph.Name,
            Name = s.Name,
            Status = s.Status,
            Conditional = s.Conditional,
            Artifact = s.Artifact,
            Resources = s.Resources,
            HelmValues = s.HelmValues,
            AlertRules = s.AlertRules,
            Scaling = s.Scaling,
            DesiredReplicas = s.DesiredReplicas,
            UpdatedAt = now,
        })],
    };
}

/// <summary>A what-if answer: what a placement would decide, beside what runs now.</summary>
/// <param name="Status">The solver's status, <c>Static</c>, or <c>Refused</c> (see <paramref name="Reason"/>).</param>
/// <param name="Divisions">Services the plan divides across clusters: cluster → replicas (their placement is their home).</param>
public sealed record PlacementWhatIf(
    string Graph, bool DryRun, string Strategy, string Status, string Reason, PlacementSide? Current, PlacementSide? Proposed,
    IReadOnlyList<PlacementMove> Moves, double? LowerBound, double? Gap, double? SolveTimeMs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Divisions);

/// <summary>One placement: where each service runs, its objective by term and in total, its modelled power and carbon.</summary>
public sealed record PlacementSide(
    IReadOnlyDictionary<string, string> Placement, IReadOnlyDictionary<string, double>? Objective, double? Total, double? Kilowatts, double? CarbonKgPerHour);

/// <summary>A service that would change cluster.</summary>
public sealed record PlacementMove(string Service, string From, string To);
