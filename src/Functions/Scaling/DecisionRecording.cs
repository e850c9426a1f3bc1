using System.Text.Json;
using Smo.Functions.Graphs.Translation;
using Smo.Solver.Explanations;
using Smo.Solver.Model;
using Smo.Store.Decisions;
using Smo.Store.Graphs;

namespace Smo.Functions.Scaling;

/// <summary>How placement and scaling activities write a solver's inputs and outcome into the decision log.</summary>
internal static class DecisionRecording
{
    /// <summary>Inputs and results as the API shows them: camelCase, as in the rest of the graph status.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DecisionStatus Status(SolveStatus status) => status switch
    {
        SolveStatus.Optimal => DecisionStatus.Optimal,
        SolveStatus.Feasible => DecisionStatus.Feasible,
        SolveStatus.Infeasible => DecisionStatus.Infeasible,
        SolveStatus.TimedOut => DecisionStatus.TimedOut,
        _ => DecisionStatus.InvalidInput,
    };

    /// <summary>
    /// A scaling decision explained per service. The problem's minimums hold the scale-down floor (see
    /// <see cref="ScalingFloor"/>); each service's own minimum tells the two apart.
    /// </summary>
    public static IReadOnlyList<ServiceScalingExplanation> Explain(GraphRecord graph, ScalingProblem problem, ScalingResult result, GraphDefaults defaults) =>
        ScalingExplanation.Explain(problem, result, graph.Services.ToDictionary(s => s.Name, s => defaults.ScalingOf(s).MinReplicas, StringComparer.Ordinal));

    /// <summary>
    /// A multi-cluster decision explained per service as one pool: each service with its replicas now summed over its
    /// clusters, against their CPU together (which cluster's CPU binds is in the result's shares).
    /// </summary>
    public static IReadOnlyList<ServiceScalingExplanation> Explain(GraphRecord graph, MultiClusterScalingProblem problem, ScalingResult result, GraphDefaults defaults) =>
        Explain(graph, new ScalingProblem(
            [.. problem.Services.Select(s => s.Service with { CurrentReplicas = s.CurrentByCluster.Values.Sum() })],
            problem.Clusters.Sum(c => c.CpuCapacity))
        {
            Weights = problem.Weights,
            ServeOverload = problem.ServeOverload,
        }, result, defaults);
}
