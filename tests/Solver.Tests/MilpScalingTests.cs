using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Tests;

public sealed class MilpScalingTests
{
    private static readonly MilpScaling Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);

    /// <summary>The original's positional arguments for one cluster.</summary>
    private static ScalingProblem Original(double[] rate, int[] current, double[] cpu, double[] alpha, double[] beta, double capacity, int[] max, bool[]? accelerated = null) => new(
        rate.Select((r, i) => new ScaledService($"s{i}", cpu[i], r, current[i], alpha[i], beta[i])
        {
            MaxReplicas = max[i],
            NeedsAcceleration = accelerated?[i] ?? false,
        }).ToList(),
        capacity);

    [Fact]
    public void Decide_matches_the_original_replicas_for_the_load()
    {
        var problem = Original([50, 80], [1, 1], [0.5, 1], [30, 25], [10, 5], 10, [10, 10]);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal([2, 3], problem.Services.Select(s => result.Replicas[s.Name]));
    }

    [Fact]
    public void Decide_scales_down_to_the_minimum_when_there_is_no_load()
    {
        var problem = Original([0], [2], [1], [1], [0], 10, [5]);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(1, result.Replicas["s0"]);
    }

    [Fact]
    public void Decide_reports_a_load_beyond_max_replicas_as_infeasible_with_the_numbers()
    {
        var problem = Original([1000, 2000], [1, 1], [0.1, 0.1], [1, 1], [0, 0], 10, [100, 100]);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal("s0 needs 1000 replicas for 1000 req/s (α=1, β=0) but may run at most 100 here (maxReplicas 100, cluster CPU 10).", result.Reason);
    }

    [Fact]
    public void Decide_refuses_acceleration_on_a_cluster_without_it()
    {
        var problem = Original([10], [1], [1], [10], [0], 10, [5], accelerated: [true]);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Contains("needs acceleration", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_never_exceeds_max_replicas_which_the_original_dropped()
    {
        // Plenty of CPU and a strong pull to stay at 9 replicas: the upper bound of 4 must still hold.
        var problem = new ScalingProblem([new ScaledService("s", 0.1, 10, CurrentReplicas: 9, Alpha: 10, Beta: 0) { MaxReplicas = 4 }], 100)
        {
            Weights = new ScalingWeights(Utilisation: 0, Transition: 1),
        };

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(4, result.Replicas["s"]);
    }

    [Fact]
    public void Decide_carries_the_predicted_rate_when_it_is_higher()
    {
        var service = new ScaledService("s", 1, RequestRate: 10, CurrentReplicas: 1, Alpha: 10, Beta: 0) { PredictedRate = 35, MaxReplicas = 10 };

        var result = Strategy.Decide(new ScalingProblem([service], 10), Options);

        Assert.Equal(4, result.Replicas["s"]);
    }

    [Fact]
    public void Decide_refuses_bad_numbers_and_says_where()
    {
        var problem = new ScalingProblem([new ScaledService("s", double.NaN, -1, 1, 1, 0)], -5);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.InvalidInput, result.Status);
        Assert.Contains("cpuCapacity is -5", result.Reason, StringComparison.Ordinal);
        Assert.Contains("services[0] 's': cpu per replica is NaN", result.Reason, StringComparison.Ordinal);
        Assert.Contains("services[0] 's': request rate is -1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_load_drop_scales_down_with_the_original_weights_where_the_original_model_held_its_replicas()
    {
        // The original normalised CPU by the largest service's range (6 cores here), so one of web's 0.5-core replicas
        // weighed 0.4·0.5/6 in w_util but 0.4/8 in w_trans: dropping from 7 to 1 never paid. Per service it does.
        var problem = new ScalingProblem(
        [
            new ScaledService("web", 0.5, RequestRate: 5, CurrentReplicas: 7, Alpha: 20, Beta: 0) { MaxReplicas = 8 },
            new ScaledService("catalogue", 1, RequestRate: 10, CurrentReplicas: 1, Alpha: 15, Beta: 5) { MaxReplicas = 6 },
        ], 32);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(1, result.Replicas["web"]);
        Assert.Equal(1, result.Replicas["catalogue"]);
    }

    [Fact]
    public void A_transition_weight_above_the_utilisation_weight_holds_replicas_as_hysteresis()
    {
        var problem = new ScalingProblem([new ScaledService("web", 0.5, RequestRate: 5, CurrentReplicas: 7, Alpha: 20, Beta: 0) { MaxReplicas = 8 }], 32)
        {
            Weights = new ScalingWeights(Utilisation: 0.2, Transition: 0.4),
        };

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(7, result.Replicas["web"]);
    }

    /// <summary>
    /// On one cluster, Decide finds the optimum of services that fit together without a solve; it must be CP-SAT's
    /// optimum. The same one-cluster model through DecideAcrossClusters always runs CP-SAT: on random instances, with
    /// room to spare and with CPU so tight that the services compete, both must reach the same objective with
    /// feasible replicas, and the same replicas wherever that optimum is unique (the tie-break makes it almost always).
    /// </summary>
    [Theory]
    [InlineData(1, 1000.0)]
    [InlineData(2, 6.0)]
    [InlineData(3, 3.0)]
    public void Decide_without_a_solve_reaches_the_solvers_optimum(int seed, double capacity)
    {
        var random = new Random(seed);
        for (var instance = 0; instance < 60; instance++)
        {
            var services = Enumerable.Range(0, random.Next(1, 7)).Select(i => new ScaledService(
                $"s{i}", random.Next(1, 5) * 0.25, random.Next(0, 60), random.Next(0, 9), random.Next(5, 20), random.Next(0, 5))
            {
                MinReplicas = random.Next(0, 2),
                MaxReplicas = random.Next(2, 10),
            }).ToList();
            var weights = new ScalingWeights(random.Next(0, 5) * 0.25, random.Next(0, 5) * 0.25);
            var single = new ScalingProblem(services, capacity) { Weights = weights };
            var viaSolver = new MultiClusterScalingProblem(
                services.Select(s => new SplitService(s, new Dictionary<string, int> { ["c"] = s.CurrentReplicas })).ToList(),
                [new ScalingCluster("c", capacity)]) { Weights = weights };

            var decided = Strategy.Decide(single, Options);
            var solved = Strategy.DecideAcrossClusters(viaSolver, Options);

            Assert.Equal(solved.Status, decided.Status);
            if (solved.Status != SolveStatus.Optimal)
            {
                continue;
            }

            Assert.Equal(solved.Objective.Values.Sum(), decided.Objective.Values.Sum(), 6);
            Assert.True(services.Sum(s => s.CpuPerReplica * decided.Replicas[s.Name]) <= capacity + 1e-9);
            Assert.All(services, s => Assert.InRange(decided.Replicas[s.Name], s.MinReplicas, s.MaxReplicas));
        }
    }
}
