using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Scaling;

/// <summary>Decides how many replicas each service runs, from measured (and possibly predicted) rates.</summary>
public interface IScalingStrategy
{
    string Name { get; }

    /// <summary>
    /// How often the strategy wants to decide, when it has its own schedule (the original's loop decided every 30 s);
    /// null: at the graph's scaling interval. The control plane's tick follows it.
    /// </summary>
    TimeSpan? DecisionInterval => null;

    /// <summary>Replicas for the services of one cluster.</summary>
    ScalingResult Decide(ScalingProblem problem, SolverOptions options);

    /// <summary>Replicas for services divided across several clusters: totals and the split (Karmada static weights).</summary>
    ScalingResult DecideAcrossClusters(MultiClusterScalingProblem problem, SolverOptions options);
}
