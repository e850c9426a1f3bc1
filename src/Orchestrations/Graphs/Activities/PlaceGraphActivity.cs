using System.Diagnostics;
using System.Text.Json;
using Smo.Durable;
using Smo.Hdag;
using Smo.Orchestrations.Graphs.Translation;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Strategies;
using Smo.Store.Clusters;
using Smo.Store.Decisions;
using Smo.Store.Graphs;

namespace Smo.Orchestrations.Graphs.Activities;

/// <summary>
/// Decides where the graph's services run — through its placement strategy, or as the descriptor says when it
/// asks for static placement — records the decision, and stores the placement with each service's Helm values
/// (clustersAffinity, serviceImportClusters). Returns the installed services that move. For an operational policy,
/// the policy's service must leave its cluster (<see cref="PolicyConstraints"/>), with the policy's strategy if it
/// names one (for this decision only).
/// </summary>
[DurableTask(GraphActivities.PlaceGraph)]
public sealed class PlaceGraphActivity(GraphReader reader, ClusterStore clusters, InventorySync inventory, GraphStore graphs, DecisionLog decisions, StrategyRegistry strategies, GraphDefaults defaults)
    : TaskActivity<PlacementRequest, PlacementOutcome>
{
    public override async Task<PlacementOutcome> RunAsync(TaskActivityContext context, PlacementRequest input)
    {
        var graph = await reader.GetAsync(input.Graph);
        var descriptor = reader.Descriptor(graph);
        var policy = input.Policy is { } policyRef ? PolicyOf(descriptor, policyRef) : null;
        var strategyName = input.Strategy ?? policy?.Strategy ?? graph.Strategies.PlacementStrategy;
        var started = Stopwatch.GetTimestamp();
        var decision = (input.Policy, descriptor.Intent.UseStaticPlacement) switch
        {
            ({ } asked, _) when policy is null => new Decision(null, null, null, $"Service '{asked.Service}' has no operational policy '{asked.Policy}'."),
            ({ } asked, true) => new Decision(null, null, null, $"Policy '{asked.Policy}' cannot move '{asked.Service}': the graph uses static placement."),
            (_, true) => StaticPlacement(graph),
            _ => await DecideAsync(graph, descriptor, strategyName, input.Policy is { } moving ? (moving.Service, policy!) : null),
        };
        if (decision is { Problem: { } problem, Result: { } result })
        {
            await decisions.AppendAsync(new NewDecision(graph.Name,
                input.Trigger == PlacementTrigger.Deploy ? DecisionKind.Placement : DecisionKind.Replacement,
                strategyName, Trigger(input.Trigger),
                JsonSerializer.SerializeToElement(problem, DecisionRecording.Json),
                JsonSerializer.SerializeToElement(new { result.Assignment, result.LowerBound, result.Gap }, DecisionRecording.Json),
                result.Objective,
                DecisionRecording.Status(result.Status),
                decision.Reason,
                Stopwatch.GetElapsedTime(started)));
        }

        if (decision.Placement is not { } placement)
        {
            return new PlacementOutcome(false, [], decision.Reason);
        }

        var moved = graph.Services.Where(s => s.Status == ServiceStatus.Deployed && s.Cluster != placement[s.Name]).Select(s => s.Name).ToList();
        await StoreAsync(graph, descriptor, placement, input.Strategy);
        return new PlacementOutcome(true, moved, decision.Reason);
    }

    /// <summary>A placement (null when there is none), what the solver saw and said (null for static placement), and why.</summary>
    private sealed record Decision(IReadOnlyDictionary<string, string>? Placement, PlacementProblem? Problem, PlacementResult? Result, string Reason);

    /// <param name="moving">A service an operational policy moves, and the policy.</param>
    private async Task<Decision> DecideAsync(
        GraphRecord graph, HdaGraph descriptor, string strategyName, (string Service, OperationalPolicy Policy)? moving)
    {
        IPlacementStrategy strategy;
        try
        {
            strategy = strategies.Placement(strategyName);
        }
        catch (UnknownStrategyException unknown)
        {
            return new Decision(null, null, null, unknown.Message);
        }

        await inventory.SyncAsync();
        var inventoryNow = await clusters.ListAsync();
        var problem = PlacementInputs.Build(graph, descriptor, inventoryNow);
        var why = "";
        if (moving is var (service, policy))
        {
            (var constrained, why) = PolicyConstraints.Apply(problem, service, policy, inventoryNow);
            if (constrained is null)
            {
                return new Decision(null, null, null, why);
            }

            problem = constrained;
            why += " ";
        }

        var result = strategy.Place(problem, new SolverOptions(defaults.PlacementTimeLimit));
        return new Decision(result.HasPlacement ? result.Assignment : null, problem, result, why + result.Reason);
    }

    private static OperationalPolicy? PolicyOf(HdaGraph descriptor, PolicyRef asked) =>
        descriptor.Services.FirstOrDefault(s => s.Id == asked.Service)?.Policies.FirstOrDefault(p => p.Id == asked.Policy);

    /// <summary>Static placement: each service goes where its values' clustersAffinity says; one without it is an error.</summary>
    private static Decision StaticPlacement(GraphRecord graph)
    {
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in graph.Services)
        {
            if (PlacementValues.StaticCluster(service.HelmValues, service.Artifact.Implementer) is not { } cluster)
            {
                return new Decision(null, null, null, $"Static placement: service '{service.Name}' has no clustersAffinity in its valuesOverwrite.");
            }

            placement[service.Name] = cluster;
        }

        return new Decision(placement, null, null, "Static placement from the descriptor's clustersAffinity.");
    }

    private async Task StoreAsync(GraphRecord graph, HdaGraph descriptor, IReadOnlyDictionary<string, string> placement, string? newStrategy)
    {
        var imports = PlacementValues.ServiceImports(descriptor, placement);
        foreach (var service in graph.Services)
        {
            var values = PlacementValues.With(service.HelmValues, service.Artifact.Implementer, placement[service.Name], imports[service.Name]);
            await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate { HelmValues = JsonSerializer.SerializeToElement(values) });
        }

        var version = await graphs.SetPlacementAsync(graph.Name, placement, graph.Version);
        if (newStrategy is not null && newStrategy != graph.Strategies.PlacementStrategy)
        {
            await graphs.SetStrategiesAsync(graph.Name, graph.Strategies with { PlacementStrategy = newStrategy }, version);
        }
    }

    private static DecisionTrigger Trigger(PlacementTrigger trigger) => trigger switch
    {
        PlacementTrigger.Deploy => DecisionTrigger.Deploy,
        PlacementTrigger.InfeasibleScaling => DecisionTrigger.InfeasibleScaling,
        PlacementTrigger.Inventory => DecisionTrigger.Inventory,
        PlacementTrigger.Policy => DecisionTrigger.Alert,
        _ => DecisionTrigger.Api,
    };
}

/// <summary>True when a cluster the graph's placement uses is gone or not ready.</summary>
[DurableTask(GraphActivities.PlacementAffected)]
public sealed class PlacementAffectedActivity(GraphReader reader, ClusterStore clusters) : TaskActivity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        var graph = await reader.GetAsync(input);
        var usable = (await clusters.ListAsync()).Where(c => c.Available).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return graph.Placement.Values.Any(cluster => !usable.Contains(cluster));
    }
}
