using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Tests;

public sealed class ReplicaDivisionTests
{
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);

    private static Cluster Cluster(string name, double cpu, bool available = true) => new(name, cpu, 64, Available: available);

    [Fact]
    public void A_service_no_single_cluster_can_carry_is_divided_and_the_rest_placed_on_what_is_left()
    {
        // The federation: 22 one-core replicas, three 12-core clusters.
        var problem = new PlacementProblem(
            [new Service("surge", 1, 0.5, 22) { CurrentCluster = "m1" }, new Service("steady", 1, 0.5, 3) { CurrentCluster = "m1" }],
            [Cluster("m1", 12), Cluster("m2", 12), Cluster("m3", 12)])
        {
            Edges = [new CommunicationEdge("steady", "surge")],
        };

        var plan = ReplicaDivision.Decide(problem, Options);

        var division = plan.Divisions["surge"];
        Assert.Equal(22, division.Values.Sum());
        Assert.Equal(2, division.Count);
        Assert.Equal(12, division["m1"]); // the current cluster keeps what it can: the fewest replicas move
        Assert.Equal("m1", DividedPlacement.Home(division));
        Assert.Equal(["steady"], plan.Rest.Services.Select(s => s.Name));
        Assert.Empty(plan.Rest.Edges);
        Assert.Equal(36 - 22, plan.Rest.Clusters.Sum(c => c.Cpu));
        Assert.Contains("surge divided (22 replicas fit on no single cluster)", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_asking_to_be_spread_runs_on_at_least_that_many_clusters_even_when_one_would_do()
    {
        var problem = new PlacementProblem([new Service("critical", 1, 0.5, 4) { MinClusters = 3 }], [Cluster("a", 12), Cluster("b", 12), Cluster("c", 12), Cluster("d", 12, available: false)]);

        var plan = ReplicaDivision.Decide(problem, Options);

        var division = plan.Divisions["critical"];
        Assert.Equal(3, division.Count);
        Assert.Equal(4, division.Values.Sum());
        Assert.DoesNotContain("d", division.Keys);
    }

    [Fact]
    public void A_service_asking_for_more_clusters_than_are_ready_is_spread_over_the_ready_ones_and_costs_the_others_nothing()
    {
        // A highly available service asks for 3 clusters while one of three has failed; surge needs dividing anyway.
        var problem = new PlacementProblem(
            [new Service("critical", 1, 0.5, 3) { MinClusters = 3, CurrentDivision = new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 1 } },
             new Service("surge", 1, 0.5, 14)],
            [Cluster("a", 12), Cluster("b", 12), Cluster("c", 12, available: false)]);

        var plan = ReplicaDivision.Decide(problem, Options);

        Assert.Equal(["a", "b"], plan.Divisions["critical"].Keys.Order(StringComparer.Ordinal));
        Assert.Equal(14, plan.Divisions["surge"].Values.Sum());
        Assert.Contains("critical asks for 3 clusters; 2 it may use are ready: spread over those until more are.", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_asking_for_more_clusters_than_are_ready_runs_whole_on_the_one_left()
    {
        var problem = new PlacementProblem(
            [new Service("critical", 1, 0.5, 2) { MinClusters = 2, CurrentDivision = new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 } }],
            [Cluster("a", 12), Cluster("b", 12, available: false)]);

        var plan = ReplicaDivision.Decide(problem, Options);

        Assert.Empty(plan.Divisions);
        Assert.Equal(["critical"], plan.Rest.Services.Select(s => s.Name));
        Assert.Contains("critical asks for 2 clusters; 1 it may use is ready: it runs whole there until more are.", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_that_fit_somewhere_and_pinned_ones_are_left_to_the_usual_placement()
    {
        var problem = new PlacementProblem(
            [new Service("small", 1, 0.5, 4), new Service("pinned", 1, 0.5, 30) { PinnedCluster = "a" }],
            [Cluster("a", 12), Cluster("b", 12)]);

        var plan = ReplicaDivision.Decide(problem, Options);

        Assert.Empty(plan.Divisions);
        Assert.Same(problem, plan.Rest);
    }

    [Fact]
    public void Beyond_every_cluster_together_the_division_serves_as_much_as_they_hold_and_says_so()
    {
        var problem = new PlacementProblem([new Service("surge", 1, 0.5, 30)], [Cluster("a", 12), Cluster("b", 12)]);

        var plan = ReplicaDivision.Decide(problem, Options);

        Assert.Equal(24, plan.Divisions["surge"].Values.Sum());
        Assert.Contains("surge needs 30, granted 24", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scaling_across_clusters_keeps_a_spread_service_on_at_least_its_minimum_of_clusters()
    {
        var problem = new MultiClusterScalingProblem(
            [new SplitService(new ScaledService("api", 1, RequestRate: 5, CurrentReplicas: 0, Alpha: 10, Beta: 0) { MaxReplicas = 10 }, new Dictionary<string, int> { ["a"] = 2 }) { MinClusters = 2 }],
            [new ScalingCluster("a", 8), new ScalingCluster("b", 8)]);

        var result = new MilpScaling().DecideAcrossClusters(problem, Options);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 }, result.StaticWeights("api"));
    }
}
