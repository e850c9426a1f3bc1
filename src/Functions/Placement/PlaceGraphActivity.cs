using Microsoft.Azure.Functions.Worker;
using System.Diagnostics;
using System.Text.Json;
using Smo.Functions.Graphs;
using Smo.Functions.Scaling;
using Smo.Functions.Telemetry;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Explanations;
using Smo.Store.Clusters;
using Smo.Store.Decisions;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>
/// Decides where the graph's services run — through its placement strategy, or as the descriptor says when it
/// asks for static placement — records the decision, and stores the placement with each service's Helm values
/// (clustersAffinity, serviceImportClusters). Returns the installed services that move. For an operational policy,
/// the policy's service must leave its cluster (<see cref="PolicyConstraints"/>), with the policy's strategy if it
/// names one (for this decision only). An <c>execute_strategy</c> run has adopted its strategy before, and may bring
/// its own solver options.
/// </summary>
public sealed class PlaceGraphActivity(
    GraphReader reader, PlacementPlanner planner, GraphStore graphs, DecisionLog decisions, PlacementOutlooks outlooks, ClusterStore clusters, SmoMetrics smoMetrics)
{
    /// <summary>How much of a failed decision's reason a degraded service carries.</summary>
    private const int MaxReasonInStranded = 300;

    [Function(GraphActivities.PlaceGraph)]
    public async Task<PlacementOutcome> RunAsync([ActivityTrigger] PlacementRequest input, CancellationToken cancellationToken)
    {
        var stored = await reader.GetAsync(input.Graph);
        var descriptor = reader.Descriptor(stored);
        // An update stores the services it adds before it uninstalls those it removes: these are not placed, and keep their cluster.
        var leaving = stored.Services.Where(s => descriptor.Service(s.Name) is null).ToList();
        var graph = leaving.Count == 0 ? stored : stored with { Services = [.. stored.Services.Except(leaving)] };
        var policy = input.Policy is { } policyRef ? PolicyOf(descriptor, policyRef) : null;
        var strategyName = policy?.Strategy ?? graph.Strategies.PlacementStrategy;
        var started = Stopwatch.GetTimestamp();
        // A deploy places what has no cluster yet, an update only what it adds; every other re-placement holds what may stay.
        var hold = input.Trigger is not (PlacementTrigger.Deploy or PlacementTrigger.Update);
        // Only the operator's own calls move a manual_trigger service off its failed cluster.
        var holdForOperator = input.Trigger is not (PlacementTrigger.Api or PlacementTrigger.Strategy);
        var decision = (input.Policy, policy) switch
        {
            ({ } asked, null) => PlacementPlan.Refused($"Service '{asked.Service}' has no operational policy '{asked.Policy}'."),
            ({ } asked, { } found) => await planner.PlanAsync(graph, descriptor, strategyName, (asked.Service, found), input.Solver, input.Sizing,
                hold: hold, holdForOperator: holdForOperator, cancellationToken: cancellationToken),
            _ => await planner.PlanAsync(graph, descriptor, strategyName, options: input.Solver, sizing: input.Sizing,
                keepRecentMoves: input.Trigger == PlacementTrigger.Carbon, keepPlaced: input.KeepPlaced, hold: hold, holdForOperator: holdForOperator,
                cancellationToken: cancellationToken),
        };
        if (decision is { Problem: { } problem, Result: { } result })
        {
            smoMetrics.RecordSolveTime(strategyName, DecisionKind.Placement, result.SolveTime);
            await decisions.AppendAsync(new NewDecision(graph.Name,
                input.Trigger == PlacementTrigger.Deploy ? DecisionKind.Placement : DecisionKind.Replacement,
                strategyName, Trigger(input.Trigger),
                JsonSerializer.SerializeToElement(problem, DecisionRecording.Json),
                JsonSerializer.SerializeToElement(
                    new { result.Assignment, decision.Divisions, result.LowerBound, result.Gap, Explanation = PlacementExplanation.Explain(problem, result) },
                    DecisionRecording.Json),
                result.Objective,
                DecisionRecording.Status(result.Status),
                decision.Reason,
                Stopwatch.GetElapsedTime(started)));
        }

        if (decision.Placement is not { } placement)
        {
            var why = $"no placement found: {(decision.Reason.Length <= MaxReasonInStranded ? decision.Reason : decision.Reason[..MaxReasonInStranded] + "…")}";
            return new PlacementOutcome(false, [], decision.Reason) { Stranded = await StrandedAsync(graph.Services, s => decision.Held.GetValueOrDefault(s) ?? why) };
        }

        // A service moves when its home changes or its division does (divided, undivided, or shares that differ).
        var moved = graph.Services.Where(s => s.Status == ServiceStatus.Deployed
                && (s.Cluster != placement[s.Name] || !DivisionRollout.SameShares(s.Division, decision.Divisions.GetValueOrDefault(s.Name))))
            .Select(s => s.Name).ToList();
        await StoreAsync(graph, descriptor, Kept(placement, leaving, s => s.Cluster), Kept(decision.Divisions, leaving, s => s.Division));
        // What the clusters promised this placement: a later change of it, large enough, asks for the next one.
        if (decision.Problem is { } solved)
        {
            await outlooks.SetAsync(graph.Name, solved.Clusters.Where(c => c.Available && c.Energy is not null)
                .ToDictionary(c => c.Name, c => new ClusterOutlook(c.Energy!.ExpectedCarbonGramsPerKWh, c.Energy.PricePerKWh), StringComparer.Ordinal));
        }

        var placed = graph.Services.Select(s => s with { Cluster = placement[s.Name], Division = decision.Divisions.GetValueOrDefault(s.Name) });
        return new PlacementOutcome(true, moved, decision.Reason) { Stranded = await StrandedAsync(placed, service => decision.Held.GetValueOrDefault(service)) };
    }

    /// <summary>The installed services on failed clusters, as the inventory the decision read says, with why they stay (when known).</summary>
    private async Task<IReadOnlyList<StrandedService>> StrandedAsync(IEnumerable<ServiceRecord> services, Func<string, string?> why) =>
        [.. StrandedServices.Of(services, await clusters.ListAsync()).Select(s => why(s.Service) is { } reason ? s with { Reason = $"{s.Reason}; {reason}" } : s)];

    private static OperationalPolicy? PolicyOf(HdaGraph descriptor, PolicyRef asked) =>
        descriptor.Services.FirstOrDefault(s => s.Id == asked.Service)?.Policies.FirstOrDefault(p => p.Id == asked.Policy);

    /// <summary>A decided placement (or division) with the services that are leaving the graph where they are.</summary>
    private static IReadOnlyDictionary<string, T> Kept<T>(IReadOnlyDictionary<string, T> decided, IReadOnlyList<ServiceRecord> leaving, Func<ServiceRecord, T?> current)
        where T : class
    {
        if (leaving.Count == 0)
        {
            return decided;
        }

        var kept = new Dictionary<string, T>(decided, StringComparer.Ordinal);
        foreach (var service in leaving)
        {
            if (current(service) is { } value)
            {
                kept[service.Name] = value;
            }
        }

        return kept;
    }

    private async Task StoreAsync(
        GraphRecord graph, HdaGraph descriptor, IReadOnlyDictionary<string, string> placement, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> divisions)
    {
        var imports = PlacementValues.ServiceImports(descriptor, placement);
        foreach (var service in graph.Services)
        {
            var values = PlacementValues.With(service.HelmValues, service.Artifact.Implementer, placement[service.Name], imports[service.Name]);
            await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate { HelmValues = JsonSerializer.SerializeToElement(values) });
        }

        await graphs.SetPlacementAsync(graph.Name, placement, graph.Version, divisions);
    }

    private static DecisionTrigger Trigger(PlacementTrigger trigger) => trigger switch
    {
        PlacementTrigger.Deploy => DecisionTrigger.Deploy,
        PlacementTrigger.InfeasibleScaling => DecisionTrigger.InfeasibleScaling,
        PlacementTrigger.Inventory => DecisionTrigger.Inventory,
        PlacementTrigger.Policy => DecisionTrigger.Alert,
        PlacementTrigger.Carbon => DecisionTrigger.Carbon,
        _ => DecisionTrigger.Api,
    };
}

/// <summary>
/// True when the inventory calls for a re-placement: a cluster the graph runs on — a service's home, or any share of a
/// divided one — is gone or not ready, or a service spread over clusters (high availability, <c>scaling.spread</c>)
/// runs on fewer than it asks for while more it may use are ready (a failed cluster came back, or one joined).
/// </summary>
public sealed class PlacementAffectedActivity(GraphReader reader, ClusterStore clusters)
{
    [Function(GraphActivities.PlacementAffected)]
    public async Task<bool> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input);
        return Affected(graph, await clusters.ListAsync());
    }

    /// <summary>The check on an inventory already read, so the rule can be tried without a store.</summary>
    public static bool Affected(GraphRecord graph, IReadOnlyList<ClusterRecord> inventory)
    {
        var usable = inventory.Where(c => c.Available).ToList();
        return StrandedServices.Of(graph.Services, inventory).Count > 0 || graph.Services.Any(s => SpreadShort(s, usable));
    }

    /// <summary>A deployed service on fewer clusters than its spread asks for, while more that can run it are ready.</summary>
    private static bool SpreadShort(ServiceRecord service, IReadOnlyList<ClusterRecord> usable)
    {
        var asked = service.Scaling?.MinClusters ?? 1;
        if (asked <= 1 || service.Status != ServiceStatus.Deployed || service.Cluster is null)
        {
            return false;
        }

        var runsOn = service.Division?.Count(share => share.Value > 0) ?? 1;
        return runsOn < Math.Min(asked, usable.Count(c => c.Gpu || !service.Resources.Gpu));
    }
}
