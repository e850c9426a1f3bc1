using Smo.Solver.Model;
using Smo.Solver.Original;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests.Original;

/// <summary>smo-original's first deployment: V3's calculate_naive_placement, its tests' expectations and its defects.</summary>
public sealed class NaivePlacementTests
{
    private static readonly OriginalPlacement Strategy = new();

    [Theory]
    [InlineData(new[] { 4.0, 4.0 }, new[] { 0, 0 })]
    [InlineData(new[] { 3.0, 4.0 }, new[] { 0, 1 })]
    public void Place_gives_the_placement_the_originals_tests_expect(double[] capacity, int[] expected)
    {
        var input = V3Calls.Placement(capacity, [1, 0], [2, 1], [1, 0], [1, 2]);

        var (clusterOf, _) = NaivePlacement.Place(input);

        Assert.Equal(V3Calls.Matrix(expected, 2), V3Calls.Matrix(clusterOf!, 2));
    }

    [Fact]
    public void Place_refuses_a_service_larger_than_every_cluster_with_the_originals_message()
    {
        var input = V3Calls.Placement([2], [1], [3], [0], [1]);

        var (clusterOf, message) = NaivePlacement.Place(input);

        Assert.Null(clusterOf);
        Assert.Equal(NaivePlacement.SingleServiceCannotFit, message);
    }

    [Fact]
    public void Place_compares_the_largest_service_with_the_smallest_cluster_as_V3_did()
    {
        // The original's test: 3 CPU against the smallest cluster (2) is refused before the total is looked at.
        var input = V3Calls.Placement([2, 2], [1, 1], [2, 3], [0, 1], [1, 1]);

        var (clusterOf, message) = NaivePlacement.Place(input);

        Assert.Null(clusterOf);
        Assert.Equal(NaivePlacement.SingleServiceCannotFit, message);
    }

    [Fact]
    public void Place_refuses_a_placement_that_fits_when_one_cluster_is_smaller_than_a_service()
    {
        // The defect kept: c1 has room for s0, but s0 needs more than c0, the smallest cluster, offers.
        var problem = V3Calls.Problem([1, 8], (2, 1, null));
        problem = problem with { Clusters = [.. problem.Clusters.Select(c => c with { MemoryGiB = 8 })] };

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal($"V3 naive placement refused: {NaivePlacement.SingleServiceCannotFit}", result.Reason);
        Assert.True(new FirstFitPlacement().Place(problem, SolverOptions.Default).HasPlacement);
    }

    [Fact]
    public void Place_refuses_when_the_total_exceeds_the_total_capacity()
    {
        var input = V3Calls.Placement([3, 3], [0, 0], [2, 2, 3], [0, 0, 0], [1, 1, 1]);

        var (clusterOf, message) = NaivePlacement.Place(input);

        Assert.Null(clusterOf);
        Assert.Equal(NaivePlacement.InsufficientTotalCapacity, message);
    }

    [Fact]
    public void Place_names_the_service_first_fit_leaves_without_a_cluster()
    {
        // Each fits the smallest cluster and the total fits, but after s0 and s1 no cluster has 2 CPU left.
        var input = V3Calls.Placement([3, 3], [0, 0], [2, 2, 2], [0, 0, 0], [1, 1, 1]);

        var (clusterOf, message) = NaivePlacement.Place(input);

        Assert.Null(clusterOf);
        Assert.Equal("Service 2 with requirement 2 could not be placed in any cluster.", message);
    }

    [Fact]
    public void Place_takes_services_in_order_each_on_the_first_cluster_in_the_order_given()
    {
        var problem = V3Calls.Problem([4, 4, 4], (3, 1, null), (1, 1, null), (3, 1, null), (3, 1, null));
        var reversed = problem with { Clusters = [.. problem.Clusters.Reverse()] };

        var inOrder = Strategy.Place(problem, SolverOptions.Default);
        var inReverse = Strategy.Place(reversed, SolverOptions.Default);

        Assert.Equal(["c0", "c0", "c1", "c2"], problem.Services.Select(s => inOrder.Assignment[s.Name]));
        Assert.Equal(["c2", "c2", "c1", "c0"], problem.Services.Select(s => inReverse.Assignment[s.Name]));
    }

    [Fact]
    public void Place_deploys_one_replica_per_service_whatever_the_problem_asks()
    {
        // Three replicas of 2 CPU would need 6; V3's deploy passed r = 1.
        var problem = V3Calls.Problem([4], (2, 3, null));

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal("c0", result.Assignment["s0"]);
    }

    [Fact]
    public void Place_checks_acceleration_for_the_first_service_too()
    {
        var input = V3Calls.Placement([4, 4], [0, 1], [1, 1], [1, 0], [1, 1]);

        var (clusterOf, _) = NaivePlacement.Place(input);

        Assert.Equal([1, 0], clusterOf!);
    }

    [Fact]
    public void Place_uses_only_available_clusters_and_ignores_memory_pins_and_forbidden_clusters()
    {
        var problem = V3Calls.Problem([4, 4, 4], (1, 1, null), (1, 1, null));
        problem = problem with
        {
            Clusters = [problem.Clusters[0] with { Available = false }, problem.Clusters[1], problem.Clusters[2]],
            Services = [problem.Services[0] with { PinnedCluster = "c2" }, problem.Services[1] with { ForbiddenClusters = ["c1"] }],
        };

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal(["c1", "c1"], problem.Services.Select(s => result.Assignment[s.Name]));
    }

    [Fact]
    public void Place_refuses_when_no_cluster_is_available()
    {
        var problem = V3Calls.Problem([4], (1, 1, null));
        problem = problem with { Clusters = [problem.Clusters[0] with { Available = false }] };

        var result = Strategy.Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Contains("no available cluster", result.Reason, StringComparison.Ordinal);
    }
}
