using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>A placement decided but not applied: where each service would run (null when there is no placement),
/// what the solver saw and said (null for static placement or when no solve happened), and why.</summary>
public sealed record PlacementPlan(IReadOnlyDictionary<string, string>? Placement, PlacementProblem? Problem, PlacementResult? Result, string Reason)
{
    public static PlacementPlan Refused(string reason) => new(null, null, null, reason);
}

/// <summary>
/// Decides a graph's placement on a given inventory without storing or touching anything: the placement activity
/// applies what it returns, the what-if API only shows it.
/// </summary>
public static class PlacementPlanner
{
    /// <param name="moving">A service an operational policy moves, and the policy (see <see cref="PolicyConstraints"/>).</param>
    public static PlacementPlan Plan(
        GraphRecord graph, HdaGraph descriptor, IReadOnlyList<ClusterRecord> clusters, IPlacementStrategy strategy, SolverOptions options,
        (string Service, OperationalPolicy Policy)? moving = null)
    {
        var problem = PlacementInputs.Build(graph, descriptor, clusters);
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

        var result = strategy.Place(problem, options);
        return new PlacementPlan(result.HasPlacement ? result.Assignment : null, problem, result, why + result.Reason);
    }

    /// <summary>Static placement: each service goes where its values' clustersAffinity says; one without it is an error.</summary>
    public static PlacementPlan Static(GraphRecord graph)
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

        return new PlacementPlan(placement, null, null, "Static placement from the descriptor's clustersAffinity.");
    }

    /// <summary>A graph not stored yet, as the planner reads a stored one: nothing placed, nothing installed.</summary>
    public static GraphRecord Unstored(NewGraph graph, DateTimeOffset now) => new()
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
