using FsCheck.Xunit;
using Smo.Solver.Explanations;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

/// <summary>
/// Explanations against brute force on small random instances: for every service, the alternative is the cheapest
/// other cluster a single move could reach without breaking a constraint, and each cost term's difference is
/// exactly the objective's change under that move.
/// </summary>
public sealed class PlacementExplanationProperties
{
    private const double Tolerance = 1e-6;

    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    [Property(Arbitrary = [typeof(PlacementProperties)], MaxTest = 150)]
    public void Explain_names_the_cheapest_other_feasible_cluster_for_optimal_placements(PlacementProperties.SmallInstance instance) =>
        Check(instance.Problem(), new MilpPlacement());

    [Property(Arbitrary = [typeof(PlacementProperties)], MaxTest = 100)]
    public void Explain_names_the_cheapest_other_feasible_cluster_for_first_fit_placements(PlacementProperties.SmallInstance instance) =>
        Check(instance.Problem(), new FirstFitPlacement());

    [Property(Arbitrary = [typeof(PlacementProperties)], MaxTest = 60)]
    public void Explain_prices_energy_aware_placements_with_the_weights_they_were_decided_with(PlacementProperties.SmallInstance instance) =>
        Check(instance.Problem(), new MilpPlacement(energyAware: true));

    private static void Check(PlacementProblem problem, IPlacementStrategy strategy)
    {
        var result = strategy.Place(problem, Options);

        var explanations = PlacementExplanation.Explain(problem, result);

        if (!result.HasPlacement)
        {
            Assert.Empty(explanations);
            return;
        }

        // The objective as the strategy reported it: energy-aware supplies its own carbon weight.
        var priced = problem with { Weights = result.Weights ?? problem.Weights };
        var now = PlacementObjective.Evaluate(priced, result.Assignment);
        Assert.Equal(result.TotalObjective, now.Values.Sum(), Tolerance);
        Assert.Equal(problem.Services.Select(s => s.Name), explanations.Select(e => e.Service));
        foreach (var explanation in explanations)
        {
            Assert.Equal(result.Assignment[explanation.Service], explanation.Cluster);
            var moves = problem.Clusters.Where(c => c.Name != explanation.Cluster)
                .Select(c => (Cluster: c.Name, Assignment: Moved(result.Assignment, explanation.Service, c.Name)))
                .Where(m => BruteForce.Meets(problem, m.Assignment))
                .Select(m => (m.Cluster, Objective: PlacementObjective.Evaluate(priced, m.Assignment)))
                .ToList();
            if (moves.Count == 0)
            {
                Assert.Null(explanation.Alternative);
                continue;
            }

            var alternative = Assert.IsType<PlacementAlternative>(explanation.Alternative);
            var cheapest = moves.Min(m => m.Objective.Values.Sum());
            var named = moves.Single(m => m.Cluster == alternative.Cluster).Objective;
            Assert.Equal(cheapest, named.Values.Sum(), Tolerance);
            Assert.Equal(named.Values.Sum() - now.Values.Sum(), alternative.Delta, Tolerance);
            foreach (var term in now.Keys)
            {
                Assert.Equal(named[term] - now[term], alternative.CostByTerm[term] - explanation.CostByTerm[term], Tolerance);
            }

            if (result.Status == SolveStatus.Optimal)
            {
                Assert.True(alternative.Delta >= -Tolerance, $"{explanation.Service}: an optimal placement has a cheaper single move ({alternative.Delta})");
            }
        }
    }

    private static Dictionary<string, string> Moved(IReadOnlyDictionary<string, string> assignment, string service, string cluster) =>
        assignment.ToDictionary(p => p.Key, p => p.Key == service ? cluster : p.Value, StringComparer.Ordinal);
}
