using Smo.Solver.Instances;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

public sealed class MilpPlacementTests
{
    private static readonly MilpPlacement Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    [Theory]
    [InlineData(11, 4, 2)]
    [InlineData(12, 5, 3)]
    [InlineData(13, 5, 3)]
    [InlineData(14, 6, 2)]
    [InlineData(15, 4, 3)]
    [InlineData(16, 6, 3)]
    public void Place_finds_the_same_optimum_as_brute_force_on_small_instances(int seed, int services, int clusters)
    {
        var problem = PlacementInstanceGenerator.Create(seed, services, clusters);

        var result = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(BruteForce.Optimum(problem), result.TotalObjective, precision: 6);
    }

    [Fact]
    public void Place_keeps_services_where_they_are_when_moving_buys_nothing()
    {
        var problem = new PlacementProblem(
            [new Service("a", 1, 1) { CurrentCluster = "y" }, new Service("b", 1, 1) { CurrentCluster = "y" }],
            [new Cluster("x", 8, 8), new Cluster("y", 8, 8)]);

        var result = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.All(result.Assignment.Values, cluster => Assert.Equal("y", cluster));
        Assert.Equal(0, result.Objective[PlacementObjective.Reoptimisation]);
    }

    [Fact]
    public void Place_requires_acceleration_for_every_service_including_the_first()
    {
        var problem = new PlacementProblem(
            [new Service("gpu-first", 1, 1) { NeedsAcceleration = true, CurrentCluster = "plain" }],
            [new Cluster("plain", 8, 8), new Cluster("gpu", 8, 8, HasAcceleration: true)]);

        var result = Strategy.Place(problem, Options);

        Assert.Equal("gpu", result.Assignment["gpu-first"]);
    }

    [Fact]
    public void Place_co_locates_communicating_services_when_the_weight_says_so()
    {
        var problem = new PlacementProblem(
            [new Service("front", 1, 1) { CurrentCluster = "x" }, new Service("back", 1, 1) { CurrentCluster = "y" }],
            [new Cluster("x", 8, 8), new Cluster("y", 8, 8)])
        {
            Edges = [new CommunicationEdge("front", "back", Weight: 10)],
        };

        var result = Strategy.Place(problem, Options);

        Assert.Equal(result.Assignment["front"], result.Assignment["back"]);
        Assert.Equal(0, result.Objective[PlacementObjective.Communication]);
    }

    [Fact]
    public void Place_reports_infeasible_when_services_fit_alone_but_not_together()
    {
        var problem = new PlacementProblem(
            [new Service("a", 3, 1), new Service("b", 3, 1)],
            [new Cluster("x", 4, 8), new Cluster("y", 2, 8)]);

        var result = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Contains("at once", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_gives_the_same_result_for_the_same_input_and_seed()
    {
        var problem = PlacementInstanceGenerator.Create(21, services: 12, clusters: 4);

        var first = Strategy.Place(problem, Options);
        var second = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Optimal, first.Status);
        Assert.Equal(first.Assignment.OrderBy(p => p.Key), second.Assignment.OrderBy(p => p.Key));
    }
}
