using Smo.Solver.Instances;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

public sealed class FirstFitPlacementTests
{
    private static readonly FirstFitPlacement Strategy = new();

    /// <summary>The original's positional arguments: capacities, acceleration, CPU, acceleration need, replicas.</summary>
    private static PlacementProblem Original(double[] capacity, bool[] accelerated, double[] cpu, bool[] needsAcceleration, int[] replicas) => new(
        cpu.Select((c, s) => new Service($"s{s}", c, MemoryGiBPerReplica: 0, replicas[s]) { NeedsAcceleration = needsAcceleration[s] }).ToList(),
        capacity.Select((c, e) => new Cluster($"c{e}", c, MemoryGiB: 1000, accelerated[e])).ToList());

    [Theory]
    [InlineData(new[] { 4.0, 4.0 }, "c0,c0")]
    [InlineData(new[] { 3.0, 4.0 }, "c0,c1")]
    public void Place_matches_the_original_naive_placement_where_it_was_right(double[] capacity, string expected)
    {
        var problem = Original(capacity, [true, false], [2, 1], [true, false], [1, 2]);

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal(expected, string.Join(",", problem.Services.Select(s => result.Assignment[s.Name])));
    }

    [Fact]
    public void Place_checks_a_service_against_the_largest_cluster_not_the_smallest()
    {
        // The original refused this: 5 CPU > the smallest cluster (4), though the second cluster offers 6.
        var problem = Original([4, 6], [false, false], [5], [false], [1]);

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal("c1", result.Assignment["s0"]);
    }

    [Theory]
    [InlineData(new[] { 2.0 }, new[] { 3.0 }, "s0 needs 3 CPU; the largest cluster it may use offers 2.")]
    [InlineData(new[] { 2.0, 2.0 }, new[] { 2.0, 3.0 }, "s1 needs 3 CPU; the largest cluster it may use offers 2.")]
    [InlineData(new[] { 2.0, 2.0 }, new[] { 2.0, 2.0, 1.0 }, "The services need 5 CPU in total; the available clusters offer 4.")]
    public void Place_reports_an_infeasible_problem_naming_the_binding_resource(double[] capacity, double[] cpu, string reason)
    {
        var problem = Original(capacity, capacity.Select(_ => false).ToArray(), cpu, cpu.Select(_ => false).ToArray(), cpu.Select(_ => 1).ToArray());

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal(reason, result.Reason);
        Assert.Empty(result.Assignment);
    }

    [Fact]
    public void Place_sends_a_service_needing_acceleration_only_to_an_accelerated_cluster_including_the_first_service()
    {
        // The original's MILP skipped the acceleration constraint for service 0.
        var problem = Original([8, 8], [false, true], [1, 1], [true, false], [1, 1]);

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal("c1", result.Assignment["s0"]);
        Assert.Equal("c0", result.Assignment["s1"]);
    }

    [Fact]
    public void Place_honours_pins_forbidden_clusters_memory_and_availability()
    {
        var problem = new PlacementProblem(
            [
                new Service("pinned", 1, 1) { PinnedCluster = "b" },
                new Service("not-on-a", 1, 1) { ForbiddenClusters = ["a"] },
                new Service("memory-hungry", 1, 10),
            ],
            [new Cluster("down", 100, 100, Available: false), new Cluster("a", 8, 4), new Cluster("b", 8, 16)]);

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal("b", result.Assignment["pinned"]);
        Assert.Equal("b", result.Assignment["not-on-a"]);
        Assert.Equal("b", result.Assignment["memory-hungry"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Place_assigns_each_service_once_within_every_capacity_on_random_instances(int seed)
    {
        var problem = PlacementInstanceGenerator.Create(seed, services: 30, clusters: 6);

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.True(result.HasPlacement, result.Reason);
        Assert.Equal(problem.Services.Select(s => s.Name).Order(), result.Assignment.Keys.Order());
        foreach (var cluster in problem.Clusters)
        {
            var placed = problem.Services.Where(s => result.Assignment[s.Name] == cluster.Name).ToList();
            Assert.True(placed.Sum(s => s.TotalCpu) <= cluster.Cpu + 1e-9, $"{cluster.Name} CPU exceeded");
            Assert.True(placed.Sum(s => s.TotalMemoryGiB) <= cluster.MemoryGiB + 1e-9, $"{cluster.Name} memory exceeded");
            Assert.All(placed, s => Assert.True(!s.NeedsAcceleration || cluster.HasAcceleration, $"{s.Name} needs acceleration"));
        }
    }

    [Fact]
    public void Place_reports_the_objective_by_term()
    {
        var problem = new PlacementProblem(
            [new Service("a", 1, 1) { CurrentCluster = "y" }, new Service("b", 4, 1) { CurrentCluster = "x" }],
            [new Cluster("x", 2, 8), new Cluster("y", 8, 8)])
        {
            Edges = [new CommunicationEdge("a", "b", 3)],
        };

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal("x", result.Assignment["a"]);
        Assert.Equal("y", result.Assignment["b"]);
        Assert.Equal(2, result.Objective[PlacementObjective.Deployment]);
        Assert.Equal(4, result.Objective[PlacementObjective.Reoptimisation]);
        Assert.Equal(1.5, result.Objective[PlacementObjective.Communication]);
    }
}
