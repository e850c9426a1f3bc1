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
    public void A_forecast_of_dirty_power_keeps_work_off_a_cluster_that_is_clean_only_now()
    {
        var problem = DirtyAndClean();
        problem = problem with
        {
            Clusters = problem.Clusters.Select(c => c.Name == "clean"
                ? c with { Energy = c.Energy! with { CarbonForecast = [900, 900, 900] } }
                : c).ToList(),
        };

        var result = new MilpPlacement(energyAware: true).Place(problem, Options);

        // Expected intensity on "clean" is (50 + 3 × 900) / 4 = 687.5 against 800: the saving of 0.92 kW × 0.1125
        // kg/kWh × 10 ≈ 1.04 no longer pays for the move (2), which it did at 50 g/kWh.
        Assert.Equal("dirty", result.Assignment["batch"]);
        Assert.Equal(64 * 12 * 1.2 / 1000 * 800 / 1000 * MilpPlacement.DefaultCarbonWeight, result.Objective[PlacementObjective.Carbon], precision: 9);
    }

    [Fact]
    public void An_energy_profile_with_impossible_numbers_is_refused_with_where()
    {
        var problem = new PlacementProblem(
            [new Service("a", 1, 1)],
            [new Cluster("x", 8, 8) { Energy = new EnergyProfile(Pue: 0.5, IdleWattsPerCore: 10, MaxWattsPerCore: 5, CarbonGramsPerKWh: 100) { CarbonForecast = [double.NaN] } }]);

        var result = new MilpPlacement(energyAware: true).Place(problem, Options);

        Assert.Equal(SolveStatus.InvalidInput, result.Status);
        Assert.Contains("clusters[0] 'x' energy: pue is 0.5; it must be a finite number of at least 1.", result.Reason, StringComparison.Ordinal);
        Assert.Contains("max watts per core (5) is below idle (10)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("carbon forecast[0] is NaN", result.Reason, StringComparison.Ordinal);
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
