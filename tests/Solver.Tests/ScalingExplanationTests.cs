using Smo.Solver.Explanations;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Tests;

public sealed class ScalingExplanationTests
{
    private static readonly MilpScaling Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);

    private static ScaledService Service(double rate, int current, int min = 1, int max = 20, double? predicted = null) =>
        new("api", CpuPerReplica: 1, rate, current, Alpha: 10, Beta: 2) { MinReplicas = min, MaxReplicas = max, PredictedRate = predicted };

    private static ServiceScalingExplanation ExplainOne(ScalingProblem problem, IReadOnlyDictionary<string, int>? ownMinimums = null)
    {
        var result = Strategy.Decide(problem, Options);
        Assert.True(result.Status is SolveStatus.Optimal or SolveStatus.Feasible, result.Reason);
        return Assert.Single(ScalingExplanation.Explain(problem, result, ownMinimums));
    }

    [Fact]
    public void Explain_reports_the_load_its_model_and_the_replicas_it_needs_with_no_binding_when_the_load_decides()
    {
        var explanation = ExplainOne(new ScalingProblem([Service(rate: 40, current: 2, predicted: 35)], 100) { ServeOverload = true });

        Assert.Equal(
            new ServiceScalingExplanation("api", 40, 35, 10, 2, NeededReplicas: 4, MinReplicas: 1, ScaleDownFloor: null, MaxReplicas: 20, Replicas: 4, Binding: null, Overload: null),
            explanation);
    }

    [Fact]
    public void Explain_carries_the_forecast_when_it_is_the_larger_load()
    {
        var explanation = ExplainOne(new ScalingProblem([Service(rate: 10, current: 1, predicted: 61)], 100));

        Assert.Equal((6, 6), (explanation.NeededReplicas, explanation.Replicas));
    }

    [Fact]
    public void Explain_says_the_forecast_set_the_count_when_it_took_replicas_above_what_the_rate_now_needs()
    {
        var explanation = ExplainOne(new ScalingProblem([Service(rate: 10, current: 1, predicted: 61) with { ForecastMethod = "holt-winters" }], 100));

        Assert.Equal(("holt-winters", true), (explanation.ForecastMethod, explanation.ForecastDecided));
    }

    [Theory]
    [InlineData(40, 35)]
    [InlineData(10, 11)]
    public void Explain_does_not_credit_a_forecast_that_asks_no_more_replicas_than_the_rate_now(double rate, double predicted)
    {
        // 11 req/s needs what 10 does (α 10, β 2: one replica carries 12).
        var explanation = ExplainOne(new ScalingProblem([Service(rate, current: 1, predicted: predicted) with { ForecastMethod = "ridge" }], 100));

        Assert.Equal("ridge", explanation.ForecastMethod);
        Assert.False(explanation.ForecastDecided);
    }

    [Fact]
    public void Explain_binds_the_minimum_when_it_holds_more_than_the_load_needs()
    {
        var explanation = ExplainOne(new ScalingProblem([Service(rate: 5, current: 3, min: 3)], 100));

        Assert.Equal((1, 3, ServiceScalingExplanation.MinBinding), (explanation.NeededReplicas, explanation.Replicas, explanation.Binding));
    }

    [Fact]
    public void Explain_binds_the_scale_down_headroom_floor_above_the_services_own_minimum()
    {
        // The control plane's floor: 30 req/s needs 3 replicas, but scaling 5 down must carry 10 % more, which takes 4.
        var problem = new ScalingProblem([Service(rate: 30, current: 5, min: 4)], 100);

        var explanation = ExplainOne(problem, new Dictionary<string, int> { ["api"] = 1 });

        Assert.Equal((3, 4, 1, 4, ServiceScalingExplanation.HeadroomBinding),
            (explanation.NeededReplicas, explanation.Replicas, explanation.MinReplicas, explanation.ScaleDownFloor, explanation.Binding));
    }

    [Fact]
    public void Explain_does_not_bind_the_floor_when_the_load_itself_needs_as_many()
    {
        var problem = new ScalingProblem([Service(rate: 37, current: 5, min: 4)], 100);

        var explanation = ExplainOne(problem, new Dictionary<string, int> { ["api"] = 1 });

        Assert.Equal((4, 4, 4), (explanation.NeededReplicas, explanation.Replicas, explanation.ScaleDownFloor));
        Assert.Null(explanation.Binding);
    }

    [Fact]
    public void Explain_binds_the_maximum_of_an_overload_and_carries_the_overload()
    {
        var explanation = ExplainOne(new ScalingProblem([Service(rate: 500, current: 2, max: 6)], 100) { ServeOverload = true });

        Assert.Equal((6, 50, ServiceScalingExplanation.MaxBinding), (explanation.Replicas, explanation.NeededReplicas, explanation.Binding));
        Assert.Equal(new ServiceOverload("api", 50, 6, ServiceOverload.MaxReplicasLimit), explanation.Overload);
    }

    [Fact]
    public void Explain_binds_cpu_when_the_cluster_holds_fewer_replicas_than_the_load_needs()
    {
        var explanation = ExplainOne(new ScalingProblem([Service(rate: 100, current: 2)], 7) { ServeOverload = true });

        Assert.Equal((7, 10, ServiceScalingExplanation.CpuBinding), (explanation.Replicas, explanation.NeededReplicas, explanation.Binding));
    }

    [Fact]
    public void Explain_binds_the_maximum_when_it_brings_a_count_above_it_down()
    {
        var problem = new ScalingProblem([Service(rate: 10, current: 12, max: 8)], 100) { Weights = new ScalingWeights(Utilisation: 0.1, Transition: 1) };

        var explanation = ExplainOne(problem);

        Assert.Equal((8, ServiceScalingExplanation.MaxBinding), (explanation.Replicas, explanation.Binding));
    }

    [Fact]
    public void Explain_leaves_out_an_unbounded_maximum_and_a_count_no_load_model_reaches()
    {
        var service = new ScaledService("flat", 1, RequestRate: 50, CurrentReplicas: 2, Alpha: 0, Beta: 10) { MaxReplicas = int.MaxValue };
        var result = Strategy.Decide(new ScalingProblem([service], 4) { ServeOverload = true }, Options);

        var explanation = Assert.Single(ScalingExplanation.Explain(new ScalingProblem([service], 4), result));

        Assert.Null(explanation.NeededReplicas);
        Assert.Null(explanation.MaxReplicas);
    }

    [Fact]
    public void Explain_is_empty_when_nothing_was_decided()
    {
        var problem = new ScalingProblem([Service(rate: 500, current: 2, max: 6)], 100);

        var result = Strategy.Decide(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Empty(ScalingExplanation.Explain(problem, result));
    }
}
