using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>The shared objective terms, so every strategy reports its result on the same scale.</summary>
public static class PlacementObjective
{
    public const string Deployment = "deployment";
    public const string Reoptimisation = "reoptimisation";
    public const string Communication = "communication";

    /// <summary>Evaluates an assignment: w_dep per active cluster, w_re per unit of Σ|x − y|, w_comm per split edge weight.</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(PlacementProblem problem, IReadOnlyDictionary<string, string> assignment)
    {
        var weights = problem.Weights;
        var activeClusters = assignment.Values.Distinct(StringComparer.Ordinal).Count();
        // A service that moves flips two entries of the placement matrix (leaves one cluster, joins another).
        var flippedEntries = problem.Services.Count(s => s.CurrentCluster is { } current && assignment[s.Name] != current) * 2;
        var splitWeight = problem.Edges.Where(e => assignment[e.From] != assignment[e.To]).Sum(e => e.Weight);
        return new Dictionary<string, double>
        {
            [Deployment] = weights.Deployment * activeClusters,
            [Reoptimisation] = weights.Reoptimisation * flippedEntries,
            [Communication] = weights.Communication * splitWeight,
        };
    }
}
