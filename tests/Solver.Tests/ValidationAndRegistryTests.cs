using Smo.Solver.Instances;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Strategies;

namespace Smo.Solver.Tests;

public sealed class ValidationAndRegistryTests
{
    [Theory]
    [InlineData(double.NaN, "clusters[0] 'a': cpu is NaN")]
    [InlineData(-1, "clusters[0] 'a': cpu is -1")]
    public void Place_refuses_a_cluster_with_a_bad_capacity_and_says_where(double cpu, string expected)
    {
        var problem = new PlacementProblem([new Service("s", 1, 1)], [new Cluster("a", cpu, 8)]);

        var result = new FirstFitPlacement().Place(problem, SolverOptions.Default);

        Assert.Equal(SolveStatus.InvalidInput, result.Status);
        Assert.Contains(expected, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_finds_every_problem_of_a_bad_request()
    {
        var problem = new PlacementProblem(
            [
                new Service("dup", 1, 1),
                new Service("dup", -2, 1) { PinnedCluster = "a", ForbiddenClusters = ["a"] },
                new Service("lost", 1, 1) { PinnedCluster = "nowhere", MinReplicas = 3, MaxReplicas = 2 },
            ],
            [])
        {
            Edges = [new CommunicationEdge("dup", "ghost")],
            Weights = PlacementWeights.Default with { Communication = double.PositiveInfinity },
        };

        var problems = PlacementProblemValidator.Problems(problem, SolverOptions.Default);

        Assert.Contains(problems, p => p.StartsWith("clusters: the list is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'dup' appears more than once", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("cpu per replica is -2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("pinned to cluster 'a' and forbidden from it", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'nowhere', which is not in the cluster list", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("minReplicas 3 and maxReplicas 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("edges[0]: 'ghost'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("weights: communication is Infinity", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_accepts_a_sound_problem()
    {
        var problem = PlacementInstanceGenerator.Create(seed: 7, services: 10, clusters: 3);

        Assert.Empty(PlacementProblemValidator.Problems(problem, SolverOptions.Default));
    }

    [Fact]
    public void Registry_resolves_names_case_insensitively_and_falls_back_to_the_default()
    {
        var registry = StrategyRegistry.Builtin();

        Assert.Equal(FirstFitPlacement.StrategyName, registry.Placement("First-Fit").Name);
        Assert.Equal(MilpPlacement.StrategyName, registry.Placement(null).Name);
        Assert.Equal(Scaling.MilpScaling.StrategyName, registry.Scaling("SMO-MILP").Name);
    }

    [Fact]
    public void Registry_offers_predictive_scaling_acting_on_forecasts_and_its_shadow_that_does_not()
    {
        var registry = StrategyRegistry.Builtin();

        var predictive = Assert.IsType<Scaling.PredictiveScaling>(registry.Scaling("predictive"));
        var shadow = Assert.IsType<Scaling.PredictiveScaling>(registry.Scaling("predictive-shadow"));

        Assert.Equal(("predictive", true), (predictive.Name, predictive.ActsOnForecasts));
        Assert.Equal(("predictive-shadow", false), (shadow.Name, shadow.ActsOnForecasts));
        Assert.Equal(Scaling.MilpScaling.StrategyName, registry.DefaultScaling.Name);
    }

    [Fact]
    public void Predictive_scaling_decides_as_smo_milp_on_the_same_problem()
    {
        var problem = new ScalingProblem([new ScaledService("api", 1, 10, 1, 10, 0) { PredictedRate = 45, MaxReplicas = 10 }], 100);
        var options = new SolverOptions(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);

        var milp = new Scaling.MilpScaling().Decide(problem, options);
        var predictive = new Scaling.PredictiveScaling().Decide(problem, options);

        Assert.Equal(5, predictive.Replicas["api"]);
        Assert.Equal(milp.Replicas, predictive.Replicas);
    }

    [Fact]
    public void Registry_finds_smo_original_for_placement_and_for_scaling()
    {
        var registry = StrategyRegistry.Builtin();

        Assert.IsType<Smo.Solver.Original.OriginalPlacement>(registry.Placement("smo-original"));
        Assert.IsType<Smo.Solver.Original.OriginalScaling>(registry.Scaling("SMO-Original"));
    }

    [Fact]
    public void Registry_refuses_an_unknown_strategy_naming_the_known_ones()
    {
        var error = Assert.Throws<UnknownStrategyException>(() => StrategyRegistry.Builtin().Placement("quantum"));

        Assert.Equal("No placement strategy is named 'quantum'; known: energy-aware, first-fit, smo-milp, smo-original.", error.Message);
    }
}
