using Smo.Solver.Explanations;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

/// <summary>PUE × (idle + utilisation × (max − idle)) per reserved core, checked against numbers worked by hand.</summary>
public sealed class PowerModelTests
{
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    // PUE 1.5, 4 W idle and 12 W busy per core, 400 gCO2/kWh.
    private static Cluster Site(string name = "site", double carbon = 400) =>
        new(name, 64, 64) { Energy = new EnergyProfile(Pue: 1.5, IdleWattsPerCore: 4, MaxWattsPerCore: 12, CarbonGramsPerKWh: carbon) };

    [Theory]
    // 8 cores (4 replicas × 2): 1.5 × (4 + u × 8) × 8 W.
    [InlineData(0.0, 0.048)]   // 1.5 × 4 × 8 = 48 W
    [InlineData(0.25, 0.072)]  // 1.5 × 6 × 8 = 72 W
    [InlineData(0.5, 0.096)]   // 1.5 × 8 × 8 = 96 W
    [InlineData(1.0, 0.144)]   // 1.5 × 12 × 8 = 144 W
    public void Kilowatts_follow_the_utilisation_between_idle_and_max_power(double utilisation, double kilowatts)
    {
        var service = new Service("web", CpuPerReplica: 2, MemoryGiBPerReplica: 1, Replicas: 4) { Utilisation = utilisation };

        Assert.Equal(kilowatts, PlacementObjective.Kilowatts(service, Site()), precision: 12);
    }

    [Fact]
    public void Carbon_is_the_power_at_the_expected_intensity()
    {
        // 96 W × 400 g/kWh = 38.4 g/h = 0.0384 kg/h.
        var service = new Service("web", 2, 1, 4) { Utilisation = 0.5 };

        Assert.Equal(0.0384, PlacementObjective.CarbonKilogramsPerHour(service, Site()), precision: 12);
    }

    [Fact]
    public void A_service_whose_load_is_unknown_counts_at_full_power()
    {
        var service = new Service("web", 2, 1, 4);

        Assert.Equal(1, service.Utilisation);
        Assert.Equal(0.144, PlacementObjective.Kilowatts(service, Site()), precision: 12);
    }

    [Fact]
    public void The_horizon_intensity_a_caller_computed_takes_the_place_of_now_and_the_forecast()
    {
        var cluster = Site() with { Energy = Site().Energy! with { CarbonForecast = [900], HorizonCarbonGramsPerKWh = 100 } };
        var service = new Service("web", 2, 1, 4) { Utilisation = 0.5 };

        // 96 W × 100 g/kWh = 9.6 g/h.
        Assert.Equal(0.0096, PlacementObjective.CarbonKilogramsPerHour(service, cluster), precision: 12);
    }

    [Fact]
    public void The_objective_and_the_explanation_price_a_placement_with_the_same_utilisation()
    {
        var problem = new PlacementProblem([new Service("web", 2, 1, 4) { Utilisation = 0.25 }], [Site()])
        {
            Weights = new PlacementWeights(Energy: 1, Carbon: 10),
        };

        var result = new MilpPlacement().Place(problem, Options);
        var explanation = PlacementExplanation.Explain(problem, result).Single();

        // 72 W → 0.072 kW; × 0.4 kg/kWh = 0.0288 kg/h, × 10.
        Assert.Equal(0.072, result.Objective[PlacementObjective.Energy], precision: 12);
        Assert.Equal(0.288, result.Objective[PlacementObjective.Carbon], precision: 12);
        Assert.Equal(0.072, explanation.CostByTerm[PlacementObjective.Energy], precision: 12);
        Assert.Equal(0.288, explanation.CostByTerm[PlacementObjective.Carbon], precision: 12);
    }

    [Fact]
    public void A_utilisation_outside_0_to_1_is_refused_with_where()
    {
        var problem = new PlacementProblem([new Service("web", 2, 1, 4) { Utilisation = 1.5 }], [Site()]);

        var result = new MilpPlacement().Place(problem, Options);

        Assert.Equal(SolveStatus.InvalidInput, result.Status);
        Assert.Contains("services[0] 'web': utilisation is 1.5; it must be between 0 and 1.", result.Reason, StringComparison.Ordinal);
    }
}
