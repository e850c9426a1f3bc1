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

    [Fact]
    public void A_large_instance_under_a_short_limit_returns_a_feasible_placement_with_a_proven_bound_below_it()
    {
        var problem = PlacementInstanceGenerator.Create(seed: 5, services: 400, clusters: 40);

        var result = Strategy.Place(problem, new SolverOptions(TimeSpan.FromMilliseconds(300), Workers: 1, Seed: 1));

        Assert.True(result.HasPlacement, result.Reason);
        Assert.True(Invariants.Hold(problem, result));
        Assert.NotNull(result.LowerBound);
        Assert.True(result.LowerBound <= result.TotalObjective);
        Assert.InRange(result.Gap!.Value, 0, 1);
        if (result.Status == SolveStatus.Feasible)
        {
            Assert.Contains("above the optimum", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_relaxed_search_and_enumeration_agree_with_brute_force_on_a_re_placement_with_forced_moves()
    {
        // Current placement overloads cluster x: one service must leave, and the cheapest to move is the one with
        // no communication partner there.
        var problem = new PlacementProblem(
            [
                new Service("a", 4, 4) { CurrentCluster = "x" },
                new Service("b", 4, 4) { CurrentCluster = "x" },
                new Service("c", 4, 4) { CurrentCluster = "x" },
                new Service("d", 1, 1) { CurrentCluster = "y" },
            ],
            [new Cluster("x", 8, 8), new Cluster("y", 8, 8), new Cluster("z", 8, 8)])
        {
            Edges = [new CommunicationEdge("a", "b"), new CommunicationEdge("c", "d")],
        };

        var relaxed = new MilpPlacement { ExhaustiveLimit = 0 }.Place(problem, Options);
        var enumerated = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Optimal, relaxed.Status);
        Assert.Equal("y", relaxed.Assignment["c"]);
        Assert.Equal(BruteForce.Optimum(problem), relaxed.TotalObjective, precision: 6);
        Assert.Equal(relaxed.TotalObjective, enumerated.TotalObjective, precision: 6);
    }

    [Fact]
    public void No_placement_within_the_limit_is_reported_as_timed_out_not_infeasible()
    {
        // Largest-first at least cost packs 4+4 together and strands a 3; only a search finds 4+3+3 twice.
        var problem = new PlacementProblem(
            new[] { 4, 4, 3, 3, 3, 3 }.Select((cpu, i) => new Service($"s{i}", cpu, 1)).ToList(),
            [new Cluster("x", 10, 10), new Cluster("y", 10, 10)]);

        var hurried = new MilpPlacement { ExhaustiveLimit = 0 }.Place(problem, new SolverOptions(TimeSpan.FromTicks(1)));
        var patient = new MilpPlacement { ExhaustiveLimit = 0 }.Place(problem, Options);

        Assert.Equal(SolveStatus.TimedOut, hurried.Status);
        Assert.Contains("No placement found within", hurried.Reason, StringComparison.Ordinal);
        Assert.Equal(SolveStatus.Optimal, patient.Status);
    }

    [Fact]
    public void Unusable_options_are_refused_as_invalid_input()
    {
        var problem = PlacementInstanceGenerator.Create(1, services: 3, clusters: 2);

        var result = Strategy.Place(problem, new SolverOptions(TimeSpan.Zero, Workers: 0));

        Assert.Equal(SolveStatus.InvalidInput, result.Status);
        Assert.Contains("options: the time limit is 00:00:00; it must be positive.", result.Reason, StringComparison.Ordinal);
    }
}
