using Smo.Solver.Explanations;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

public sealed class WhyHereTests
{
    private static Dictionary<string, double> Terms(double deployment = 0, double energy = 0, double communication = 0) => new()
    {
        [PlacementObjective.Deployment] = deployment,
        [PlacementObjective.Reoptimisation] = 0,
        [PlacementObjective.Communication] = communication,
        [PlacementObjective.Energy] = energy,
        [PlacementObjective.Carbon] = 0,
    };

    private static ServicePlacementExplanation Placement(PlacementAlternative? alternative, params PlacementBinding[] binding) =>
        new("api", "m2", Terms(deployment: 0.12, energy: 0.03), alternative, binding);

    private static ServiceScalingExplanation Scaling(int replicas, int needed, string? binding) =>
        new("api", 42, null, 10, 0, needed, 1, null, 3, replicas, binding, null);

    [Fact]
    public void Line_names_the_cluster_its_costs_the_next_best_and_what_binds()
    {
        var line = WhyHere.Line(
            Placement(new PlacementAlternative("m1", Terms(deployment: 0.2, energy: 0.03), 0.08), new PlacementBinding(PlacementBinding.Cpu, ["m2"], 9.3, 10)),
            null);

        Assert.Equal("m2: lowest cost (deployment 0.12, energy 0.03); next best m1 +0.08 (deployment +0.08); CPU at 93 % of m2's limit", line);
    }

    [Fact]
    public void Line_says_when_a_single_move_would_be_cheaper()
    {
        var line = WhyHere.Line(Placement(new PlacementAlternative("m1", Terms(deployment: 0.1), -0.05)), null);

        Assert.Equal("m2: cost 0.15 (deployment 0.12, energy 0.03); m1 would cost 0.05 less (deployment -0.02, energy -0.03)", line);
    }

    [Fact]
    public void Line_names_the_only_cluster_and_the_constraints_that_leave_no_other()
    {
        var line = WhyHere.Line(
            Placement(null,
                new PlacementBinding(PlacementBinding.Memory, ["m1"], 12, 8),
                new PlacementBinding(PlacementBinding.Acceleration, ["m3"]),
                new PlacementBinding(PlacementBinding.Forbidden, ["m4", "m5"]),
                new PlacementBinding(PlacementBinding.NotReady, ["m6"]),
                new PlacementBinding(PlacementBinding.Pinned, ["m2"])),
            null);

        Assert.Equal(
            "m2: the only cluster it may use and fits on (deployment 0.12, energy 0.03); no memory room on m1 (12 of 8); "
            + "needs acceleration, which m3 lacks; kept off m4, m5; m6 not ready; pinned to m2",
            line);
    }

    [Theory]
    [InlineData(5, 5, null, "5 replicas for 42 req/s: the load needs 5")]
    [InlineData(3, 5, ServiceScalingExplanation.MaxBinding, "3 replicas for 42 req/s: capped at maxReplicas 3, the load needs 5")]
    [InlineData(2, 5, ServiceScalingExplanation.CpuBinding, "2 replicas for 42 req/s: capped by the cluster's CPU, the load needs 5")]
    [InlineData(1, 0, ServiceScalingExplanation.MinBinding, "1 replica for 42 req/s: held at minReplicas 1, the load needs 0")]
    public void Line_tells_the_replicas_and_the_bound_that_set_them(int replicas, int needed, string? binding, string expected)
    {
        Assert.Equal(expected, WhyHere.Line(null, Scaling(replicas, needed, binding)));
    }

    [Fact]
    public void Line_says_when_a_forecast_set_the_replicas_and_by_which_method()
    {
        var decided = new ServiceScalingExplanation("api", 10, 61, 10, 0, 7, 1, null, 8, 7, null, null, "pushed", ForecastDecided: true);
        var carried = decided with { Rate = 60, NeededReplicas = 7, ForecastMethod = "ridge", ForecastDecided = false };

        Assert.Equal("7 replicas for 10 req/s now and 61 req/s forecast by pushed, which set the count: the load needs 7", WhyHere.Line(null, decided));
        Assert.Equal("7 replicas for 60 req/s (forecast 61 by ridge): the load needs 7", WhyHere.Line(null, carried));
    }

    [Fact]
    public void Line_joins_placement_and_scaling_and_says_when_nothing_explains_the_service()
    {
        var both = WhyHere.Line(Placement(new PlacementAlternative("m1", Terms(deployment: 0.12, energy: 0.03), 0)), Scaling(5, 5, null));

        Assert.Equal("m2: lowest cost (deployment 0.12, energy 0.03); next best m1 +0; 5 replicas for 42 req/s: the load needs 5", both);
        Assert.Equal(WhyHere.Unexplained, WhyHere.Line(null, null));
    }

    [Fact]
    public void Line_lists_terms_in_the_objectives_order_whatever_order_they_were_stored_in()
    {
        // jsonb keeps object keys shortest first.
        var stored = new Dictionary<string, double> { ["carbon"] = 0.5, ["energy"] = 0, ["deployment"] = 1, ["communication"] = 0.25 };
        var free = new Dictionary<string, double> { ["carbon"] = 0, ["deployment"] = 0 };

        var line = WhyHere.Line(new ServicePlacementExplanation("api", "m2", stored, new PlacementAlternative("m1", free, -1.75), []), null);
        var nothing = WhyHere.Line(new ServicePlacementExplanation("api", "m2", free, null, []), null);

        Assert.Equal("m2: cost 1.75 (deployment 1, communication 0.25, carbon 0.5); m1 would cost 1.75 less (deployment -1, communication -0.25, carbon -0.5)", line);
        Assert.Equal("m2: the only cluster it may use and fits on (0)", nothing);
    }
}
