using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Scaling;

/// <summary>Decides how many replicas each service of a cluster runs, from measured (and possibly predicted) rates.</summary>
public interface IScalingStrategy
{
    string Name { get; }

    ScalingResult Decide(ScalingProblem problem, SolverOptions options);
}
