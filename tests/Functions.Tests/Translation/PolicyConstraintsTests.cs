using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Solver.Model;
using Smo.Store.Clusters;

namespace Smo.Functions.Tests.Translation;

public sealed class PolicyConstraintsTests
{
    private static readonly ClusterRecord Dirty = Cluster("dirty", carbon: 400, price: 0.30, renewable: 0.1);
    private static readonly ClusterRecord Green = Cluster("green", carbon: 50, price: 0.40, renewable: 0.9, labels: new() { ["provider"] = "edge" });
    private static readonly ClusterRecord Cheap = Cluster("cheap", carbon: 300, price: 0.10, renewable: 0.2, gpu: true);
    private static readonly ClusterRecord Unknown = Cluster("unknown", energy: false);

    [Theory]
    [InlineData("gpu", "cheap")]
    [InlineData("low-carbon", "cheap,green")]
    [InlineData("low-cost", "cheap")]
    [InlineData("renewable", "cheap,green")]
    [InlineData("edge", "green")]
    [InlineData("provider=edge", "green")]
    [InlineData("provider=cloud", "")]
    public void A_target_matches_the_clusters_of_its_kind_compared_with_the_current_one(string target, string expected)
    {
        var matching = new[] { Green, Cheap, Unknown }.Where(c => PolicyConstraints.Matches(c, target, current: Dirty)).Select(c => c.Name);

        Assert.Equal(expected, string.Join(',', matching.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Migrate_keeps_the_service_off_its_own_cluster_and_nothing_else()
    {
        var (problem, reason) = PolicyConstraints.Apply(Problem(), "web", new OperationalPolicy("hot", PolicyAction.Migrate, "up > 1"), [Dirty, Green, Cheap]);

        Assert.NotNull(problem);
        Assert.Equal(["dirty"], problem.Services.Single(s => s.Name == "web").ForbiddenClusters);
        Assert.Empty(problem.Services.Single(s => s.Name == "db").ForbiddenClusters);
        Assert.Contains("may go to cheap, green", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Offload_to_a_target_allows_only_ready_clusters_of_that_kind()
    {
        var notReady = Green with { Name = "green-down", Ready = false };
        var withDown = Problem();
        withDown = withDown with { Clusters = [.. withDown.Clusters, new Cluster("green-down", 8, 8, false, false)] };

        var (problem, _) = PolicyConstraints.Apply(withDown, "web",
            new OperationalPolicy("edge", PolicyAction.Offload, "up > 1") { Target = "edge" }, [Dirty, Green, Cheap, notReady]);

        Assert.NotNull(problem);
        Assert.Equal(["dirty", "cheap", "green-down"], problem.Services.Single(s => s.Name == "web").ForbiddenClusters);
    }

    [Fact]
    public void A_policy_no_cluster_satisfies_says_so_and_gives_no_problem()
    {
        var (problem, reason) = PolicyConstraints.Apply(Problem(), "web",
            new OperationalPolicy("far", PolicyAction.Offload, "up > 1") { Target = "provider=moon" }, [Dirty, Green, Cheap]);

        Assert.Null(problem);
        Assert.Equal("Policy 'far' (offload to provider=moon) of service 'web': no ready cluster other than dirty matches 'provider=moon'.", reason);
    }

    private static PlacementProblem Problem() => new(
        [new Service("web", 1, 1) { CurrentCluster = "dirty" }, new Service("db", 1, 1) { CurrentCluster = "dirty" }],
        [new Cluster("dirty", 8, 8, false, true), new Cluster("green", 8, 8, false, true), new Cluster("cheap", 8, 8, true, true)]);

    private static ClusterRecord Cluster(
        string name, double carbon = 0, double price = 0, double renewable = 0, bool gpu = false, bool energy = true, Dictionary<string, string>? labels = null) => new()
    {
        Name = name,
        CpuAllocatable = 8,
        CpuAvailable = 8,
        MemoryAllocatableGiB = 8,
        MemoryAvailableGiB = 8,
        Gpu = gpu,
        Ready = true,
        Labels = labels ?? new Dictionary<string, string> { ["provider"] = "on-premises" },
        EnergyProfile = energy ? new ClusterEnergyProfile(1.2, 5, 15, carbon, renewable, price) : null,
        FirstSeenAt = DateTimeOffset.UnixEpoch,
        LastSyncedAt = DateTimeOffset.UnixEpoch,
    };
}
