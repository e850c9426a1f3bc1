using Smo.Functions.Clusters;
using Smo.Functions.Graphs.Translation;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Strategies;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>A placement decided but not applied: where each service would run (null when there is no placement),
/// what the solver saw and said (null for static placement or when no solve happened), and why.</summary>
public sealed record PlacementPlan(IReadOnlyDictionary<string, string>? Placement, PlacementProblem? Problem, PlacementResult? Result, string Reason)
{
    /// <summary>Services whose replicas are divided across clusters: cluster → replicas (their placement is their home).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Divisions { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>The strategy that decided (its canonical name, or <see cref="PlacementPlanner.StaticStrategy"/>); null when refused.</summary>
    public string? Strategy { get; init; }

    public static PlacementPlan Refused(string reason) => new(null, null, null, reason);
}

/// <summary>
/// Decides a graph's placement without storing or touching anything — static as the descriptor says, or by the
/// named strategy on the inventory read from Karmada now — so the placement activity applies exactly what the
/// what-if API shows.
/// </summary>
public sealed class PlacementPlanner(InventorySync inventory, StrategyRegistry strategies, GraphDefaults defaults)
{
    public const string StaticStrategy = "static";

    /// <param name="moving">A service an operational policy moves, and the policy (see <see cref="PolicyConstraints"/>).</param>
    /// <param name="options">The solver's time limit, workers and seed; null: <see cref="GraphDefaults.PlacementTimeLimit"/>, one worker.</param>
    /// <param name="sizing">Services sized by their load (see <see cref="PlacementInputs.Build"/>).</param>
    public async Task<PlacementPlan> PlanAsync(GraphRecord graph, HdaGraph descriptor, string strategyName,
        (string Service, OperationalPolicy Policy)? moving = null, SolverOptions? options = null, IReadOnlyDictionary<string, ServiceSizing>? sizing = null,
        CancellationToken cancellationToken = default)
    {
        if (descriptor.Intent.UseStaticPlacement)
        {
            return moving is var (service, policy)
                ? PlacementPlan.Refused($"Policy '{policy.Id}' cannot move '{service}': the graph uses static placement.")
                : Static(graph);
        }

        if (strategies.UnknownPlacement(strategyName) is { } unknown)
        {
            return PlacementPlan.Refused(unknown);
        }

        var strategy = strategies.Placement(strategyName);
        var clusters = await inventory.CurrentAsync(cancellationToken);
        return Solve(graph, descriptor, clusters, strategy, options ?? new SolverOptions(defaults.PlacementTimeLimit), moving, sizing) with { Strategy = strategy.Name };
    }

    private PlacementPlan Solve(
        GraphRecord graph, HdaGraph descriptor, IReadOnlyList<ClusterRecord> clusters, IPlacementStrategy strategy, SolverOptions options,
        (string Service, OperationalPolicy Policy)? moving, IReadOnlyDictionary<string, ServiceSizing>? sizing)
    {
        var problem = PlacementInputs.Build(graph, descriptor, clusters, defaults.Weights, sizing);
        var why = "";
        if (moving is var (service, policy))
        {
            (var constrained, why) = PolicyConstraints.Apply(problem, service, policy, clusters);
            if (constrained is null)
            {
                return PlacementPlan.Refused(why);
            }

            problem = constrained;
            why += " ";
        }

        // Services spread or too large for any one cluster are divided first; the strategy places the rest on what is left.
        var divided = ReplicaDivision.Decide(problem, options);
        var result = divided.Rest.Services.Count == 0
            ? new PlacementResult(SolveStatus.Optimal, new Dictionary<string, string>(), new Dictionary<string, double>(), TimeSpan.Zero, "Nothing else to place.")
            : strategy.Place(divided.Rest, options);
        if (!result.HasPlacement)
        {
            return new PlacementPlan(null, problem, result, why + Join(divided.Reason, result.Reason));
        }

        var placement = new Dictionary<string, string>(result.Assignment, StringComparer.Ordinal);
        foreach (var (dividedService, division) in divided.Divisions)
        {
            placement[dividedService] = DividedPlacement.Home(division);
        }

        return new PlacementPlan(placement, problem, result with { Assignment = placement }, why + Join(divided.Reason, result.Reason))
        {
            Divisions = divided.Divisions,
        };
    }

    private static string Join(string first, string second) => first.Length == 0 ? second : $"{first} {second}";

    /// <summary>Static placement: each service goes where its values' clustersAffinity says; one without it is an error.</summary>
    private static PlacementPlan Static(GraphRecord graph)
    {
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in graph.Services)
        {
            if (PlacementValues.StaticCluster(service.HelmValues, service.Artifact.Implementer) is not { } cluster)
            {
                return PlacementPlan.Refused($"Static placement: service '{service.Name}' has no clustersAffinity in its valuesOverwrite.");
            }

            placement[service.Name] = cluster;
        }

        return new PlacementPlan(placement, null, null, "Static placement from the descriptor's clustersAffinity.") { Strategy = StaticStrategy };
    }
}
