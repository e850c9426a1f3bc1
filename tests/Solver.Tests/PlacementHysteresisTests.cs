using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

/// <summary>
/// What the hysteresis holds and what it lets go: services that cannot stay always move, the others stay unless the
/// whole graph gains more than the hysteresis, and a held placement that does not fit is never applied.
/// </summary>
public sealed class PlacementHysteresisTests
{
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    [Fact]
    public void A_service_on_a_cluster_that_is_down_moves_while_the_one_that_may_stay_is_held()
    {
        // first-fit puts both on "first" (1 cluster + 2 moves × 2 = 5); holding b on "c" costs 2 clusters + 1 move × 2 = 4.
        var problem = new PlacementProblem(
            [new Service("a", 1, 1) { CurrentCluster = "down" }, new Service("b", 1, 1) { CurrentCluster = "c" }],
            [new Cluster("down", 8, 8, Available: false), new Cluster("first", 8, 8), new Cluster("c", 8, 8)]);
        var solved = new FirstFitPlacement().Place(problem, Options);

        var applied = PlacementHysteresis.Apply(problem, solved, new FirstFitPlacement(), Options, hysteresis: 0.1);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "first", ["b"] = "first" }, solved.Assignment);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "first", ["b"] = "c" }, applied.Assignment);
        Assert.Equal("Kept b where it runs: moving would not improve the objective (4 held → 5).", applied.Reason);
        Assert.Equal(4, applied.TotalObjective, precision: 9);
    }

    [Fact]
    public void Services_that_cannot_all_stay_together_move_as_solved_and_the_reason_says_why()
    {
        // Each fits on "x" alone (a load-sized re-placement grew them); together they need 12 of its 10 cores.
        var problem = new PlacementProblem(
            [new Service("a", 6, 1) { CurrentCluster = "x" }, new Service("b", 6, 1) { CurrentCluster = "x" }],
            [new Cluster("x", 10, 8), new Cluster("y", 20, 8)]);
        var solved = new FirstFitPlacement().Place(problem, Options);

        var applied = PlacementHysteresis.Apply(problem, solved, new FirstFitPlacement(), Options, hysteresis: 1);

        Assert.Equal(solved.Assignment, applied.Assignment);
        Assert.EndsWith("b cannot be held where it runs: x would need 12 CPU; it offers 10.", applied.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void At_a_hysteresis_of_0_any_gain_moves_and_at_1_nothing_moves_that_may_stay()
    {
        // "clean" saves 0.9216 kW × 0.75 kg/kWh × 10 ≈ 6.9 for a move costing 2: the solver moves batch.
        var problem = new PlacementProblem(
            [new Service("batch", 64, 64) { CurrentCluster = "dirty" }],
            [
                new Cluster("dirty", 100, 128) { Energy = new EnergyProfile(Pue: 1.2, IdleWattsPerCore: 4, MaxWattsPerCore: 12, CarbonGramsPerKWh: 800) },
                new Cluster("clean", 100, 128) { Energy = new EnergyProfile(Pue: 1.2, IdleWattsPerCore: 4, MaxWattsPerCore: 12, CarbonGramsPerKWh: 50) },
            ]);
        var strategy = new MilpPlacement(energyAware: true);
        var solved = strategy.Place(problem, Options);

        var eager = PlacementHysteresis.Apply(problem, solved, strategy, Options, hysteresis: 0);
        var still = PlacementHysteresis.Apply(problem, solved, strategy, Options, hysteresis: 1);

        Assert.Equal("clean", eager.Assignment["batch"]);
        Assert.Contains("more than the hysteresis (0 %)", eager.Reason, StringComparison.Ordinal);
        Assert.Equal("dirty", still.Assignment["batch"]);
        Assert.Equal(SolveStatus.Feasible, still.Status);
        // Priced with the carbon weight the strategy solved with, as the solved placement is.
        Assert.Equal(solved.Weights, still.Weights);
        Assert.True(still.Objective[PlacementObjective.Carbon] > solved.Objective[PlacementObjective.Carbon]);
    }
}
