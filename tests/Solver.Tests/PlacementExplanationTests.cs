using Smo.Solver.Explanations;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

public sealed class PlacementExplanationTests
{
    private static readonly MilpPlacement Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    private static ServicePlacementExplanation ExplainOne(PlacementProblem problem, string service)
    {
        var result = Strategy.Place(problem, Options);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        return PlacementExplanation.Explain(problem, result).Single(e => e.Service == service);
    }

    private static Cluster Clean(string name, double cpu = 10, double memory = 10, double carbon = 100) =>
        new(name, cpu, memory) { Energy = new EnergyProfile(1, 0, 10, carbon) };

    [Fact]
    public void Explain_prices_the_chosen_cluster_and_the_next_best_by_term()
    {
        // "a" may join "b" on x or run alone on the cleaner y: y costs a deployment, x the carbon difference.
        var problem = new PlacementProblem(
            [new Service("a", 1, 1) { CurrentCluster = "x" }, new Service("b", 1, 1) { CurrentCluster = "x", PinnedCluster = "x" }],
            [Clean("x", carbon: 400), Clean("y", carbon: 100)])
        {
            Edges = [new CommunicationEdge("a", "b", 2)],
            Weights = new PlacementWeights(Deployment: 1, Reoptimisation: 0.5, Communication: 0.25, Energy: 0, Carbon: 10),
        };

        var a = ExplainOne(problem, "a");

        Assert.Equal("x", a.Cluster);
        // 1 core × 10 W at PUE 1 = 0.01 kW; × 400 g/kWh = 0.004 kg/h; × 10.
        Assert.Equal(0.04, a.CostByTerm[PlacementObjective.Carbon], 9);
        Assert.Equal(0, a.CostByTerm[PlacementObjective.Deployment]);
        var next = Assert.IsType<PlacementAlternative>(a.Alternative);
        Assert.Equal("y", next.Cluster);
        Assert.Equal(1, next.CostByTerm[PlacementObjective.Deployment]);
        Assert.Equal(1, next.CostByTerm[PlacementObjective.Reoptimisation]);
        Assert.Equal(0.5, next.CostByTerm[PlacementObjective.Communication]);
        Assert.Equal(0.01, next.CostByTerm[PlacementObjective.Carbon], 9);
        Assert.Equal(1 + 1 + 0.5 + 0.01 - 0.04, next.Delta, 9);
    }

    [Fact]
    public void Explain_gives_no_alternative_when_no_other_cluster_takes_the_service()
    {
        // y would cost as much, but "a" does not fit on it.
        var problem = new PlacementProblem([new Service("a", 6, 1)], [Clean("x"), Clean("y", cpu: 4)]);

        var a = ExplainOne(problem, "a");

        Assert.Null(a.Alternative);
        Assert.Contains(a.Binding, b => b is { Constraint: PlacementBinding.Cpu } && b.Clusters.SequenceEqual(["y"]));
    }

    [Fact]
    public void Explain_is_empty_without_a_placement()
    {
        var problem = new PlacementProblem([new Service("a", 20, 1)], [Clean("x")]);

        var result = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Empty(PlacementExplanation.Explain(problem, result));
    }

    [Theory]
    [InlineData(9.3, true)]
    [InlineData(9, true)]
    [InlineData(8.9, false)]
    public void Explain_binds_cpu_when_the_chosen_cluster_is_within_ten_percent_of_its_limit(double cpu, bool binds)
    {
        var problem = new PlacementProblem([new Service("a", cpu, 1)], [Clean("x")]);

        var a = ExplainOne(problem, "a");

        var binding = a.Binding.SingleOrDefault(b => b.Constraint == PlacementBinding.Cpu);
        Assert.Equal(binds, binding is not null);
        if (binding is not null)
        {
            Assert.Equal(["x"], binding.Clusters);
            Assert.Equal((cpu, 10.0), (binding.Used, binding.Limit));
        }
    }

    [Fact]
    public void Explain_binds_memory_on_the_chosen_cluster_counting_every_service_there()
    {
        var problem = new PlacementProblem(
            [new Service("a", 1, 5) { PinnedCluster = "x" }, new Service("b", 1, 4.6) { PinnedCluster = "x" }],
            [Clean("x"), Clean("y")]);

        var a = ExplainOne(problem, "a");

        var memory = Assert.Single(a.Binding, b => b.Constraint == PlacementBinding.Memory);
        Assert.Equal(9.6, memory.Used!.Value, 9);
    }

    [Fact]
    public void Explain_binds_the_capacity_of_a_cheaper_cluster_the_service_does_not_fit_on()
    {
        // The clean cluster y is full with "big"; "a" would be cheaper there but has no room.
        var problem = new PlacementProblem(
            [new Service("big", 8, 1) { PinnedCluster = "y" }, new Service("a", 4, 1)],
            [Clean("x", carbon: 500), Clean("y", carbon: 50)])
        {
            Weights = new PlacementWeights(Deployment: 0, Carbon: 100),
        };

        var a = ExplainOne(problem, "a");

        Assert.Equal("x", a.Cluster);
        var room = Assert.Single(a.Binding, b => b.Constraint == PlacementBinding.Cpu);
        Assert.Equal(["y"], room.Clusters);
        Assert.Equal((12.0, 10.0), (room.Used, room.Limit));
        Assert.Null(a.Alternative);
    }

    [Fact]
    public void Explain_names_pins_forbidden_clusters_missing_acceleration_and_clusters_not_ready()
    {
        var problem = new PlacementProblem(
            [
                new Service("pinned", 1, 1) { PinnedCluster = "gpu" },
                new Service("kept-off", 1, 1) { ForbiddenClusters = ["plain", "gone"] },
                new Service("accelerated", 1, 1) { NeedsAcceleration = true },
            ],
            [Clean("plain"), Clean("gpu") with { HasAcceleration = true }, Clean("gone") with { Available = false }]);

        var result = Strategy.Place(problem, Options);
        var explanations = PlacementExplanation.Explain(problem, result).ToDictionary(e => e.Service);

        Assert.Equal(
            [(PlacementBinding.Pinned, "gpu"), (PlacementBinding.NotReady, "gone")],
            explanations["pinned"].Binding.Select(b => (b.Constraint, string.Join(",", b.Clusters))));
        Assert.Equal(
            [(PlacementBinding.Forbidden, "plain,gone"), (PlacementBinding.NotReady, "gone")],
            explanations["kept-off"].Binding.Select(b => (b.Constraint, string.Join(",", b.Clusters))));
        Assert.Equal(
            [(PlacementBinding.Acceleration, "plain,gone"), (PlacementBinding.NotReady, "gone")],
            explanations["accelerated"].Binding.Select(b => (b.Constraint, string.Join(",", b.Clusters))));
    }

    [Fact]
    public void Explain_binds_nothing_on_an_open_federation()
    {
        var problem = new PlacementProblem([new Service("a", 1, 1)], [Clean("x"), Clean("y")]);

        Assert.Empty(ExplainOne(problem, "a").Binding);
    }
}
