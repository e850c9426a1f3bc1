using Smo.Solver.Model;
using Smo.Solver.Original;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Tests.Original;

/// <summary>smo-original's scaling: V3's decide_replicas, its tests' expectations, its defects and the tie rule.</summary>
public sealed class ReplicaModelTests
{
    private static readonly OriginalScaling Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);

    [Fact]
    public void Decide_matches_the_originals_test_for_two_services()
    {
        var input = V3Calls.Replicas([50, 80], [1, 1], [0.5, 1], [false, false], [30, 25], [10, 5], 10, false, [10, 10]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal(SolveStatus.Optimal, outcome.Status);
        Assert.Equal([2, 3], outcome.Replicas!);
    }

    [Fact]
    public void Decide_answers_infeasible_where_the_original_answered_none_for_a_load_beyond_the_cpu()
    {
        var input = V3Calls.Replicas([1000, 2000], [1, 1], [1, 1], [false, false], [1, 1], [0, 0], 10, false, [100, 100]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal(SolveStatus.Infeasible, outcome.Status);
        Assert.Equal("V3 decide_replicas infeasible: Carrying the measured loads needs 3000 CPU; V3's capacity C is 10, the cluster's free CPU "
            + "with this graph's own replicas counted as used. V3 answered None and asked for a re-placement.", outcome.Reason);
    }

    [Fact]
    public void Decide_answers_infeasible_where_the_original_answered_none_for_acceleration_the_cluster_lacks()
    {
        var input = V3Calls.Replicas([10], [1], [1], [true], [10], [0], 10, false, [5]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal(SolveStatus.Infeasible, outcome.Status);
        Assert.Contains("s0 needs acceleration and the cluster has none", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_scales_an_idle_service_down_to_one_replica_as_the_originals_test_expects()
    {
        // λ = 0, p = 2, c = 1, R = 5: a replica costs exactly what a change costs, so 1 and 2 tie; the fewest wins.
        var input = V3Calls.Replicas([0], [2], [1], [false], [1], [0], 10, false, [5]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal([1], outcome.Replicas!);
    }

    [Fact]
    public void Decide_has_no_upper_bound_on_replicas()
    {
        // The defect kept: R = 3 only normalises; the load needs 7.
        var input = V3Calls.Replicas([70], [1], [1], [false], [10], [0], 10, false, [3]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal([7], outcome.Replicas!);
    }

    [Fact]
    public void Decide_keeps_idle_replicas_of_a_small_service_because_its_change_costs_more_than_its_cpu()
    {
        // U = max(R·c) = 10 comes from s0: for s1 a replica costs 0.4·0.5/10 = 0.02, a change 0.4/4 = 0.1.
        var input = V3Calls.Replicas([0, 0], [1, 5], [1, 0.5], [false, false], [10, 10], [0, 0], 100, false, [10, 4]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal([1, 5], outcome.Replicas!);
    }

    [Fact]
    public void Decide_gives_up_the_replicas_cheapest_to_give_up_when_cpu_binds()
    {
        // 5 CPU wanted, 4 offered: two replicas of 0.5 go. Keeping one of s2 (R = 4) is worth 0.4/4 − 0.02, of s1 0.4/2 − 0.02.
        var input = V3Calls.Replicas([10, 0, 0], [1, 4, 4], [1, 0.5, 0.5], [false, false, false], [10, 10, 10], [0, 0, 0], 4, false, [10, 2, 4]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal([1, 4, 2], outcome.Replicas!);
        Assert.Contains("CPU binds", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_breaks_a_tie_between_equal_services_by_the_fewest_replicas_for_the_first()
    {
        // 3 CPU: after s0, room for four replicas of 0.5 between s1 and s2, each kept worth the same.
        var input = V3Calls.Replicas([10, 0, 0], [1, 4, 4], [1, 0.5, 0.5], [false, false, false], [10, 10, 10], [0, 0, 0], 3, false, [10, 2, 2]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal([1, 1, 3], outcome.Replicas!);
    }

    [Fact]
    public void Decide_refuses_a_maximum_of_zero_replicas_that_V3_would_divide_by()
    {
        var input = V3Calls.Replicas([0], [1], [1], [false], [1], [0], 10, false, [0]);

        var outcome = ReplicaModel.Decide(input, Options);

        Assert.Equal(SolveStatus.InvalidInput, outcome.Status);
        Assert.StartsWith("s0: maxReplicas is 0", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_uses_the_measured_rate_and_no_minimum()
    {
        var service = new ScaledService("web", 1, RequestRate: 10, CurrentReplicas: 1, Alpha: 10, Beta: 0) { PredictedRate = 50, MinReplicas = 3, MaxReplicas = 10 };

        var result = Strategy.Decide(new ScalingProblem([service], CpuCapacity: 20), Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(1, result.Replicas["web"]);
    }

    [Fact]
    public void Decide_counts_the_graphs_own_replicas_as_using_the_clusters_cpu()
    {
        // Smo offers 4 CPU with web's 3 replicas given back; V3 saw Karmada's remaining 1, too little for the 2 the load needs.
        var problem = new ScalingProblem([new ScaledService("web", 1, RequestRate: 20, CurrentReplicas: 3, Alpha: 10, Beta: 0) { MaxReplicas = 10 }], CpuCapacity: 4);

        var original = Strategy.Decide(problem, Options);
        var corrected = new MilpScaling().Decide(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, original.Status);
        Assert.Contains("V3's capacity C is 1", original.Reason, StringComparison.Ordinal);
        Assert.Equal(2, corrected.Replicas["web"]);
    }

    [Fact]
    public void Decide_reports_the_originals_objective_terms()
    {
        var problem = new ScalingProblem(
            [
                new ScaledService("a", 0.5, RequestRate: 50, CurrentReplicas: 1, Alpha: 30, Beta: 10) { MaxReplicas = 10 },
                new ScaledService("b", 1, RequestRate: 80, CurrentReplicas: 1, Alpha: 25, Beta: 5) { MaxReplicas = 10 },
            ],
            CpuCapacity: 12);

        var result = Strategy.Decide(problem, Options);

        // U = 10: utilisation 0.4·(2·0.5 + 3·1)/10, transition 0.4·(1/10 + 2/10).
        Assert.Equal(0.16, result.Objective[ReplicaModel.Utilisation], 9);
        Assert.Equal(0.12, result.Objective[ReplicaModel.Transition], 9);
    }

    [Fact]
    public void Decide_across_clusters_says_the_original_never_divided()
    {
        var problem = new MultiClusterScalingProblem(
            [new SplitService(new ScaledService("web", 1, 10, 2, 10, 0), new Dictionary<string, int> { ["c0"] = 1, ["c1"] = 1 })],
            [new ScalingCluster("c0", 4), new ScalingCluster("c1", 4)]);

        var result = Strategy.DecideAcrossClusters(problem, Options);

        Assert.Equal(SolveStatus.InvalidInput, result.Status);
        Assert.Equal(OriginalScaling.NeverDivided, result.Reason);
    }

    [Fact]
    public void Strategy_decides_every_30_seconds_as_the_originals_loop()
    {
        IScalingStrategy original = Strategy;
        IScalingStrategy milp = new MilpScaling();

        Assert.Equal(TimeSpan.FromSeconds(30), original.DecisionInterval);
        Assert.Null(milp.DecisionInterval);
    }
}
