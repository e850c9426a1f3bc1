using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Tests;

/// <summary>Serving overload: the most of a load the bounds and the CPU allow, and what fell short.</summary>
public sealed class OverloadScalingTests
{
    private static readonly MilpScaling Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);

    private static ScaledService Service(string name, double rate, int current, double cpu = 1, double alpha = 10, int max = 100) =>
        new(name, cpu, rate, current, alpha, Beta: 0) { MaxReplicas = max };

    [Fact]
    public void A_load_beyond_the_cluster_cpu_gets_every_replica_that_fits_and_names_cpu()
    {
        // The case: 22 one-core replicas' worth of load, 12 cores.
        var problem = new ScalingProblem([Service("api", rate: 220, current: 23)], 12) { ServeOverload = true };

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(12, result.Replicas["api"]);
        var overload = Assert.Single(result.Overloads);
        Assert.Equal(new ServiceOverload("api", 22, 12, ServiceOverload.CpuLimit), overload);
        Assert.Contains("api needs 22 replicas, granted 12 (cpu binds)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_load_beyond_max_replicas_gets_the_maximum_and_names_it()
    {
        var problem = new ScalingProblem([Service("api", rate: 1000, current: 1, max: 5)], 100) { ServeOverload = true };

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(5, result.Replicas["api"]);
        Assert.Equal(new ServiceOverload("api", 100, 5, ServiceOverload.MaxReplicasLimit), Assert.Single(result.Overloads));
    }

    [Fact]
    public void Without_serving_overload_the_same_load_is_infeasible()
    {
        var problem = new ScalingProblem([Service("api", rate: 220, current: 23)], 12);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Empty(result.Overloads);
    }

    [Fact]
    public void Scarce_cpu_goes_where_it_serves_the_most_requests_and_other_services_are_still_decided()
    {
        // 10 cores: "dense" carries 20 req/s per core, "sparse" 5; both want 8. "idle" has no load and drops to 1.
        var problem = new ScalingProblem(
        [
            Service("dense", rate: 160, current: 2, alpha: 20),
            Service("sparse", rate: 40, current: 2, alpha: 5),
            Service("idle", rate: 0, current: 3, cpu: 0.5),
        ], 10.5) { ServeOverload = true };

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(8, result.Replicas["dense"]);
        Assert.Equal(2, result.Replicas["sparse"]);
        Assert.Equal(1, result.Replicas["idle"]);
        var overload = Assert.Single(result.Overloads);
        Assert.Equal(new ServiceOverload("sparse", 8, 2, ServiceOverload.CpuLimit), overload);
    }

    [Fact]
    public void A_minimum_that_does_not_fit_stays_infeasible_when_serving_overload()
    {
        var problem = new ScalingProblem([Service("api", rate: 0, current: 1) with { MinReplicas = 6 }], 4) { ServeOverload = true };

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Contains("must run at least 6 replicas (minReplicas) but may run at most 4", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_load_that_fits_is_decided_the_same_whether_or_not_overload_is_served()
    {
        var services = new[] { Service("a", rate: 35, current: 1), Service("b", rate: 12, current: 5, cpu: 0.5) };

        var served = Strategy.Decide(new ScalingProblem(services, 8) { ServeOverload = true }, Options);
        var plain = Strategy.Decide(new ScalingProblem(services, 8), Options);

        Assert.Equal(plain.Replicas, served.Replicas);
        Assert.Empty(served.Overloads);
    }

    [Fact]
    public void Across_clusters_an_overload_fills_every_allowed_cluster()
    {
        var problem = new MultiClusterScalingProblem(
            [new SplitService(Service("api", rate: 1000, current: 0), new Dictionary<string, int> { ["a"] = 2 }) { AllowedClusters = ["a", "b"] }],
            [new ScalingCluster("a", 4), new ScalingCluster("b", 3), new ScalingCluster("c", 50)]) { ServeOverload = true };

        var result = Strategy.DecideAcrossClusters(problem, Options);

        Assert.Equal(7, result.Replicas["api"]);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 4, ["b"] = 3 }, result.StaticWeights("api"));
        Assert.Equal(new ServiceOverload("api", 100, 7, ServiceOverload.CpuLimit), Assert.Single(result.Overloads));
    }
}
