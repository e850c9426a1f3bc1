using System.Diagnostics;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Original;

/// <summary>
/// Scaling as the original SMO V3 decided it, for comparison: <see cref="ReplicaModel"/> on V3's inputs
/// (<see cref="OriginalScalingInput.Of"/>: the measured rate only, r ≥ 1 and no upper bound, constant weights 0.4/0.4,
/// the graph's own replicas counted as using the cluster's CPU), every 30 seconds as V3's loop decided.
/// Infeasible where V3 answered None, which asks the control plane for a re-placement, as V3's loop did.
/// </summary>
public sealed class OriginalScaling : IScalingStrategy
{
    public const string StrategyName = "smo-original";

    /// <summary>Why a service divided across clusters is not scaled: V3 never divided one.</summary>
    public const string NeverDivided =
        "smo-original decides one cluster at a time, as V3's loop did: V3 never divided a service's replicas across clusters, so divided "
        + "services and the services sharing their clusters keep their replicas (smo-milp scaling decides them).";

    public string Name => StrategyName;

    /// <summary>V3's DECISION_INTERVAL: its loop decided every 30 seconds.</summary>
    public TimeSpan? DecisionInterval => OriginalConstants.DecisionInterval;

    public ScalingResult Decide(ScalingProblem problem, SolverOptions options)
    {
        var clock = Stopwatch.StartNew();
        var problems = ScalingValidator.Problems(problem.Services, [("cpuCapacity", problem.CpuCapacity)]);
        if (options.Problem is { } optionsProblem)
        {
            problems.Add(optionsProblem);
        }

        if (problems.Count > 0)
        {
            return ScalingResult.Failed(SolveStatus.InvalidInput, string.Join(" ", problems), clock.Elapsed);
        }

        var input = OriginalScalingInput.Of(problem);
        var outcome = ReplicaModel.Decide(input, options);
        if (outcome.Replicas is not { } replicas)
        {
            return ScalingResult.Failed(outcome.Status, outcome.Reason, clock.Elapsed);
        }

        return new ScalingResult(outcome.Status,
            input.Names.Select((name, s) => (name, replicas[s])).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal),
            ReplicaModel.Objective(input, replicas), clock.Elapsed, outcome.Reason);
    }

    /// <summary>
    /// Refused as <see cref="SolveStatus.InvalidInput"/>, not Infeasible: an infeasible tick asks for a re-placement,
    /// which cannot make a strategy that never divides decide a divided service.
    /// </summary>
    public ScalingResult DecideAcrossClusters(MultiClusterScalingProblem problem, SolverOptions options) =>
        ScalingResult.Failed(SolveStatus.InvalidInput, NeverDivided, TimeSpan.Zero);
}
