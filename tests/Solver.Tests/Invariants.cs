using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

/// <summary>What every placement must satisfy, checked independently of any strategy.</summary>
public static class Invariants
{
    /// <summary>Each service placed exactly once, on a cluster it may use, within every cluster's CPU and memory.</summary>
    public static bool Hold(PlacementProblem problem, PlacementResult result) =>
        result.Assignment.Count == problem.Services.Count
        && problem.Services.All(s => result.Assignment.TryGetValue(s.Name, out var cluster)
            && PlacementFeasibility.EligibleClusters(s, problem.Clusters).Any(c => c.Name == cluster))
        && problem.Clusters.All(c =>
        {
            var placed = problem.Services.Where(s => result.Assignment[s.Name] == c.Name).ToList();
            return BruteForce.Fits(placed.Sum(s => s.TotalCpu), c.Cpu) && BruteForce.Fits(placed.Sum(s => s.TotalMemoryGiB), c.MemoryGiB);
        });
}
