using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

/// <summary>Exhaustive search over every assignment: the reference optimum for small instances.</summary>
public static class BruteForce
{
    /// <summary>The best objective over every assignment that meets all constraints.</summary>
    public static double Optimum(PlacementProblem problem)
    {
        var best = double.PositiveInfinity;
        var choice = new int[problem.Services.Count];
        var combinations = (int)Math.Pow(problem.Clusters.Count, problem.Services.Count);
        for (var combination = 0; combination < combinations; combination++)
        {
            var rest = combination;
            for (var s = 0; s < choice.Length; s++)
            {
                choice[s] = rest % problem.Clusters.Count;
                rest /= problem.Clusters.Count;
            }

            var assignment = problem.Services.Select((service, s) => (service.Name, problem.Clusters[choice[s]].Name))
                .ToDictionary(p => p.Item1, p => p.Item2);
            if (Meets(problem, assignment))
            {
                best = Math.Min(best, PlacementObjective.Evaluate(problem, assignment).Values.Sum());
            }
        }

        return best;
    }

    /// <summary>Whether an assignment meets every constraint: eligible clusters, CPU and memory.</summary>
    public static bool Meets(PlacementProblem problem, IReadOnlyDictionary<string, string> assignment) =>
        problem.Services.All(s => PlacementFeasibility.EligibleClusters(s, problem.Clusters).Any(c => c.Name == assignment[s.Name]))
        && problem.Clusters.All(c =>
        {
            var placed = problem.Services.Where(s => assignment[s.Name] == c.Name).ToList();
            return Fits(placed.Sum(s => s.TotalCpu), c.Cpu) && Fits(placed.Sum(s => s.TotalMemoryGiB), c.MemoryGiB);
        });

    /// <summary>Within capacity, allowing the binary noise of decimal amounts (1.346 × 3 = 4.038000000000001).</summary>
    public static bool Fits(double demand, double capacity) => demand <= capacity + 1e-9;
}
