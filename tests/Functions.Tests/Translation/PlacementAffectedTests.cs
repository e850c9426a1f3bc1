using System.Text.Json;
using Smo.Functions.Placement;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Translation;

/// <summary>When a change of the inventory calls for a re-placement: a cluster in use failing, a share included, or a spread that can be whole again.</summary>
public sealed class PlacementAffectedTests
{
    private static ServiceRecord Service(string name, string home, IReadOnlyDictionary<string, int>? division = null, int minClusters = 1) => new()
    {
        Graph = "g",
        Name = name,
        Status = ServiceStatus.Deployed,
        Conditional = false,
        Cluster = home,
        Division = division,
        Artifact = new ServiceArtifact($"oci://registry.local/{name}"),
        Resources = new ServiceResources(CpuCores: 1, MemoryGiB: 1, StorageGB: 1),
        HelmValues = JsonSerializer.SerializeToElement(new { }),
        AlertRules = [],
        Scaling = new ScalingParameters(Alpha: 10, Beta: 0, MinReplicas: minClusters, MaxReplicas: 10) { MinClusters = minClusters },
        DesiredReplicas = 2,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static GraphRecord Graph(params ServiceRecord[] services) => new()
    {
        Name = "g",
        Project = "p",
        Status = GraphStatus.Running,
        Descriptor = JsonSerializer.SerializeToElement(new { }),
        Placement = services.ToDictionary(s => s.Name, s => s.Cluster!),
        Strategies = new GraphStrategies("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(30)),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Version = 1,
        Services = services,
    };

    private static ClusterRecord Cluster(string name, bool ready = true) => new()
    {
        Name = name,
        CpuAllocatable = 16,
        CpuAvailable = 16,
        MemoryAllocatableGiB = 64,
        MemoryAvailableGiB = 64,
        Gpu = false,
        Ready = ready,
        Labels = new Dictionary<string, string>(),
        FirstSeenAt = DateTimeOffset.UnixEpoch,
        LastSyncedAt = DateTimeOffset.UnixEpoch,
    };

    private static readonly Dictionary<string, int> OnEach = new() { ["m1"] = 1, ["m2"] = 1 };

    [Fact]
    public void A_failed_cluster_holding_only_a_share_of_a_divided_service_calls_for_a_re_placement()
    {
        // m1 is the home (the largest share, first by name); m2 holds the other share.
        var graph = Graph(Service("critical", "m1", OnEach, minClusters: 2));

        Assert.True(PlacementAffectedActivity.Affected(graph, [Cluster("m1"), Cluster("m2", ready: false), Cluster("m3")]));
        Assert.False(PlacementAffectedActivity.Affected(graph, [Cluster("m1"), Cluster("m2"), Cluster("m3", ready: false)]));
    }

    [Fact]
    public void A_spread_service_on_fewer_clusters_than_it_asks_calls_for_a_re_placement_once_more_are_ready()
    {
        // After its other cluster failed it runs whole on m1.
        var graph = Graph(Service("critical", "m1", minClusters: 2), Service("plain", "m1"));

        Assert.False(PlacementAffectedActivity.Affected(graph, [Cluster("m1"), Cluster("m2", ready: false)]));
        Assert.True(PlacementAffectedActivity.Affected(graph, [Cluster("m1"), Cluster("m2")]));
    }
}
