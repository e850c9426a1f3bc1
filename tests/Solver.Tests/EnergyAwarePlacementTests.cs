using Smo.Solver.Instances;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

public sealed class EnergyAwarePlacementTests
{
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    private static PlacementProblem DirtyAndClean() => new(
        [new Service("batch", 64, 64) { CurrentCluster = "dirty" }],
        [
            new Cluster("dirty", 100, 128) { Energy = new EnergyProfile(Pue: 1.2, IdleWattsPerCore: 4, MaxWattsPerCore: 12, CarbonGramsPerKWh: 800) },
            new Cluster("clean", 100, 128) { Energy = new EnergyProfile(Pue: 1.2, IdleWattsPerCore: 4, MaxWattsPerCore: 12, CarbonGramsPerKWh: 50) },
        ]);

    [Fact]
    public void Energy_aware_placement_moves_work_to_the_low_carbon_cluster_when_it_outweighs_the_move()
    {
        var result = new MilpPlacement(energyAware: true).Place(DirtyAndClean(), Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal("clean", result.Assignment["batch"]);
        Assert.True(result.Objective[PlacementObjective.Carbon] > 0);
    }

    [Fact]
    public void Plain_milp_placement_ignores_carbon_and_stays_put()
    {
        var result = new MilpPlacement().Place(DirtyAndClean(), Options);

        Assert.Equal("dirty", result.Assignment["batch"]);
        Assert.Equal(0, result.Objective[PlacementObjective.Carbon]);
    }

    [Theory]
    [InlineData(31, 5, 3)]
    [InlineData(32, 6, 2)]
    public void Energy_aware_placement_finds_the_brute_force_optimum_with_energy_terms(int seed, int services, int clusters)
    {
        var random = new Random(seed);
        var problem = PlacementInstanceGenerator.Create(seed, services, clusters);
        problem = problem with
        {
            Clusters = problem.Clusters.Select(c => c with
            {
                Energy = new EnergyProfile(Pue: 1, IdleWattsPerCore: 2, MaxWattsPerCore: 10, CarbonGramsPerKWh: random.Next(2) == 0 ? 200 : 400),
            }).ToList(),
            Services = problem.Services.Select(s => s with { CurrentCluster = problem.Clusters[random.Next(clusters)].Name }).ToList(),
            Weights = PlacementWeights.Default with { Energy = 1, Carbon = 1 },
        };

        var result = new MilpPlacement(energyAware: true).Place(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(BruteForce.Optimum(problem), result.TotalObjective, precision: 6);
    }
}
