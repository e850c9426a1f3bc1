using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;

namespace Smo.Solver.Tests;

/// <summary>The multi-cluster scaling model's carbon term: new replicas prefer clean clusters; running ones move only when it pays.</summary>
public sealed class CarbonAwareDivisionTests
{
    private static readonly MilpScaling Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(5), Workers: 1, Seed: 1);
    private static readonly ScalingWeights CarbonAware = ScalingWeights.Default with { Carbon = MilpScaling.EnergyAwareCarbonWeight };

    /// <summary>6 one-core replicas' worth of load (α = 10), spread over both clusters.</summary>
    private static MultiClusterScalingProblem Spread(Dictionary<string, int> current, double dirty, double clean, ScalingWeights weights) => new(
        [new SplitService(new ScaledService("api", 1, RequestRate: 60, CurrentReplicas: 0, Alpha: 10, Beta: 0) { MaxReplicas = 100 }, current) { MinClusters = 2 }],
        [new ScalingCluster("dirty", 10) { CarbonKgPerCoreHour = dirty }, new ScalingCluster("clean", 10) { CarbonKgPerCoreHour = clean }])
    {
        Weights = weights,
    };

    [Fact]
    public void New_replicas_go_to_the_cleaner_cluster_when_carbon_is_weighed()
    {
        var result = Strategy.DecideAcrossClusters(Spread([], dirty: 0.010, clean: 0.002, CarbonAware), Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(5, result.ReplicasByCluster["api"]["clean"]);
        Assert.Equal(1, result.ReplicasByCluster["api"]["dirty"]); // the spread keeps one there
        // w_carbon × Σ share × CPU / U: (5 × 0.2 + 1 × 1) × 1 / 20 (U = the 20 replicas both clusters could hold).
        Assert.Equal(0.1, result.Objective[MilpScaling.Carbon], precision: 9);
    }

    [Fact]
    public void Running_replicas_stay_when_the_cleaner_cluster_saves_less_than_the_moves_cost()
    {
        // 10 % cleaner: a replica moved saves 0.1 × 1/20 but costs two changes of 0.4/20.
        var result = Strategy.DecideAcrossClusters(Spread(new() { ["dirty"] = 3, ["clean"] = 3 }, dirty: 0.010, clean: 0.009, CarbonAware), Options);

        Assert.Equal(3, result.ReplicasByCluster["api"]["dirty"]);
        Assert.Equal(3, result.ReplicasByCluster["api"]["clean"]);
    }

    [Fact]
    public void Running_replicas_move_to_a_cluster_clean_enough_to_pay_for_the_moves()
    {
        // 90 % cleaner: a replica moved saves 0.9/20 against 0.8/20.
        var result = Strategy.DecideAcrossClusters(Spread(new() { ["dirty"] = 3, ["clean"] = 3 }, dirty: 0.010, clean: 0.001, CarbonAware), Options);

        Assert.Equal(1, result.ReplicasByCluster["api"]["dirty"]);
        Assert.Equal(5, result.ReplicasByCluster["api"]["clean"]);
    }

    [Fact]
    public void Without_a_carbon_weight_the_objective_has_no_carbon_term()
    {
        var result = Strategy.DecideAcrossClusters(Spread([], dirty: 0.010, clean: 0.002, ScalingWeights.Default), Options);

        Assert.False(result.Objective.ContainsKey(MilpScaling.Carbon));
    }

    [Fact]
    public void A_negative_carbon_per_core_is_refused_with_where()
    {
        var result = Strategy.DecideAcrossClusters(Spread([], dirty: -1, clean: 0.002, CarbonAware), Options);

        Assert.Equal(SolveStatus.InvalidInput, result.Status);
        Assert.Contains("clusters[0] 'dirty': carbonKgPerCoreHour is -1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placement_dividing_a_service_puts_its_larger_share_on_the_cleaner_cluster_when_carbon_aware()
    {
        static Cluster Site(string name, double carbon) =>
            new(name, 12, 64) { Energy = new EnergyProfile(Pue: 1.2, IdleWattsPerCore: 4, MaxWattsPerCore: 12, CarbonGramsPerKWh: carbon) };
        var problem = new PlacementProblem([new Service("critical", 1, 0.5, 6) { MinClusters = 2 }], [Site("coal", 800), Site("hydro", 30)]);

        var plan = ReplicaDivision.Decide(problem, Options, carbonWeight: MilpScaling.EnergyAwareCarbonWeight);

        Assert.Equal(5, plan.Divisions["critical"]["hydro"]);
        Assert.Equal(1, plan.Divisions["critical"]["coal"]);
        Assert.Equal("hydro", DividedPlacement.Home(plan.Divisions["critical"]));
    }
}
