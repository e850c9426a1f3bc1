using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Tests;

public sealed class MultiClusterScalingTests
{
    private static readonly MilpScaling Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);

    private static SplitService Split(string name, double rate, double cpu, Dictionary<string, int> current, double alpha = 10, int max = 100) =>
        new(new ScaledService(name, cpu, rate, CurrentReplicas: 0, alpha, Beta: 0) { MaxReplicas = max }, current);

    [Fact]
    public void Replicas_no_single_cluster_can_hold_are_divided_and_become_static_weights()
    {
        var problem = new MultiClusterScalingProblem(
            [Split("api", rate: 60, cpu: 1, new() { ["a"] = 1 })],
            [new ScalingCluster("a", 4), new ScalingCluster("b", 4)]);

        var result = Strategy.DecideAcrossClusters(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(6, result.Replicas["api"]);
        var weights = result.StaticWeights("api");
        Assert.Equal(6, weights.Values.Sum());
        Assert.All(weights.Values, w => Assert.InRange(w, 1, 4));
    }

    [Fact]
    public void An_unchanged_load_keeps_the_current_split()
    {
        var problem = new MultiClusterScalingProblem(
            [Split("api", rate: 40, cpu: 1, new() { ["a"] = 1, ["b"] = 3 })],
            [new ScalingCluster("a", 10), new ScalingCluster("b", 10)]);

        var result = Strategy.DecideAcrossClusters(problem, Options);

        Assert.Equal(1, result.ReplicasByCluster["api"]["a"]);
        Assert.Equal(3, result.ReplicasByCluster["api"]["b"]);
        Assert.Equal(0, result.Objective[MilpScaling.Transition], precision: 9);
    }

    [Fact]
    public void Accelerated_services_and_allowed_clusters_are_honoured_and_replicas_leave_the_others()
    {
        var gpu = Split("detector", rate: 30, cpu: 1, new() { ["plain"] = 2 }) with { AllowedClusters = ["gpu", "plain"] };
        gpu = gpu with { Service = gpu.Service with { NeedsAcceleration = true } };
        var web = Split("web", rate: 20, cpu: 1, new() { ["other"] = 2 }) with { AllowedClusters = ["plain"] };
        var problem = new MultiClusterScalingProblem(
            [gpu, web],
            [new ScalingCluster("gpu", 8, HasAcceleration: true), new ScalingCluster("plain", 8), new ScalingCluster("other", 8)]);

        var result = Strategy.DecideAcrossClusters(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(new Dictionary<string, int> { ["gpu"] = 3 }, result.StaticWeights("detector"));
        Assert.Equal(new Dictionary<string, int> { ["plain"] = 2 }, result.StaticWeights("web"));
        // Two replicas leave "plain" for the detector and two leave "other" for web: both are transitions.
        Assert.True(result.Objective[MilpScaling.Transition] > 0);
    }

    [Fact]
    public void A_load_beyond_every_allowed_cluster_names_them_and_their_cpu()
    {
        var problem = new MultiClusterScalingProblem(
            [Split("api", rate: 1000, cpu: 1, new()) with { AllowedClusters = ["a", "b"] }],
            [new ScalingCluster("a", 4), new ScalingCluster("b", 3), new ScalingCluster("c", 50)]);

        var result = Strategy.DecideAcrossClusters(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal("api needs 100 replicas for 1000 req/s (α=10, β=0) but may run at most 7 on a, b (maxReplicas 100, their CPU 7).", result.Reason);
    }

    [Fact]
    public void Unknown_clusters_duplicates_and_an_empty_cluster_list_are_refused_with_where()
    {
        var unknown = new MultiClusterScalingProblem([Split("api", 1, 1, new()) with { AllowedClusters = ["nowhere"] }], [new ScalingCluster("a", 4), new ScalingCluster("a", 4)]);
        var empty = new MultiClusterScalingProblem([Split("api", 1, 1, new())], []);

        var first = Strategy.DecideAcrossClusters(unknown, Options);
        var second = Strategy.DecideAcrossClusters(empty, Options);

        Assert.Equal(SolveStatus.InvalidInput, first.Status);
        Assert.Contains("allowed cluster 'nowhere' is not among the clusters", first.Reason, StringComparison.Ordinal);
        Assert.Contains("a cluster name appears more than once", first.Reason, StringComparison.Ordinal);
        Assert.Equal(SolveStatus.InvalidInput, second.Status);
        Assert.Contains("clusters is empty", second.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_split_is_the_brute_force_optimum_on_small_instances(int seed)
    {
        var random = new Random(seed);
        var clusters = new[] { new ScalingCluster("a", random.Next(2, 7)), new ScalingCluster("b", random.Next(2, 7)) };
        var services = Enumerable.Range(0, 2).Select(i => Split($"s{i}", rate: random.Next(0, 60), cpu: random.Next(1, 3),
            new() { ["a"] = random.Next(0, 3), ["b"] = random.Next(0, 3) }, max: 8)).ToList();
        var problem = new MultiClusterScalingProblem(services, clusters);

        var result = Strategy.DecideAcrossClusters(problem, Options);
        var optimum = BruteForceSplit(problem);

        if (double.IsPositiveInfinity(optimum))
        {
            Assert.Equal(SolveStatus.Infeasible, result.Status);
            return;
        }

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(optimum, result.Objective.Values.Sum(), precision: 4);
    }

    /// <summary>Every split of up to 8 replicas per service over two clusters, scored like the model's objective.</summary>
    private static double BruteForceSplit(MultiClusterScalingProblem problem)
    {
        var weights = problem.Weights;
        var s = problem.Services.Select(p => p.Service).ToList();
        var high = s.Select(x => Math.Min(x.MaxReplicas, problem.Clusters.Sum(c => (int)(c.CpuCapacity / x.CpuPerReplica)))).ToList();
        var cpuRange = s.Select((x, i) => high[i] * x.CpuPerReplica).ToList();
        var best = double.PositiveInfinity;
        for (var a0 = 0; a0 <= 8; a0++)
        for (var b0 = 0; b0 <= 8; b0++)
        for (var a1 = 0; a1 <= 8; a1++)
        for (var b1 = 0; b1 <= 8; b1++)
        {
            int[][] r = [[a0, b0], [a1, b1]];
            var feasible = Enumerable.Range(0, 2).All(i =>
                    r[i].Sum() >= s[i].MinReplicas && r[i].Sum() <= s[i].MaxReplicas && s[i].Alpha * r[i].Sum() + s[i].Beta >= s[i].RateToCarry)
                && Enumerable.Range(0, 2).All(e => r[0][e] * s[0].CpuPerReplica + r[1][e] * s[1].CpuPerReplica <= problem.Clusters[e].CpuCapacity);
            if (!feasible)
            {
                continue;
            }

            var cost = Enumerable.Range(0, 2).Sum(i =>
                weights.Utilisation * r[i].Sum() * s[i].CpuPerReplica / cpuRange[i]
                + Enumerable.Range(0, 2).Sum(e => weights.Transition * Math.Abs(r[i][e] - problem.Services[i].CurrentByCluster[problem.Clusters[e].Name]) / Math.Max(1, high[i])));
            best = Math.Min(best, cost);
        }

        return best;
    }
}
