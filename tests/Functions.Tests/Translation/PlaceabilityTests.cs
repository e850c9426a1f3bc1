using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Hdag.Translation;
using Smo.Store.Clusters;

using static Smo.Functions.Tests.Translation.AvailabilityDescriptor;

namespace Smo.Functions.Tests.Translation;

/// <summary>
/// What a submit refuses as never placeable on the federation's members, each at its path — and what it accepts
/// because it could be placed later: clusters not ready now, capacity other graphs hold now, a federation with no members yet.
/// </summary>
public sealed class PlaceabilityTests
{
    private static readonly HighAvailabilityOptions Availability = new();

    private static readonly GraphTranslator Translator = new(new GraphDefaults(), new IntentTranslator(), Availability);

    private static ClusterRecord Cluster(string name, double cpu = 16, bool ready = true, bool gpu = false, double free = 16, bool removed = false) => new()
    {
        Name = name,
        CpuAllocatable = cpu,
        CpuAvailable = free,
        MemoryAllocatableGiB = 64,
        MemoryAvailableGiB = 64,
        Gpu = gpu,
        Ready = ready,
        Labels = new Dictionary<string, string>(),
        FirstSeenAt = DateTimeOffset.UnixEpoch,
        LastSyncedAt = DateTimeOffset.UnixEpoch,
        RemovedAt = removed ? DateTimeOffset.UnixEpoch : null,
    };

    private static readonly ClusterRecord[] Three = [Cluster("m1"), Cluster("m2"), Cluster("m3")];

    private static IReadOnlyList<Hdag.Parsing.HdagDiagnostic> Problems(string yaml, params ClusterRecord[] clusters) =>
        Placeability.Problems(Parse(yaml), clusters, Translator, Availability);

    [Fact]
    public void High_availability_asking_for_more_clusters_than_the_federation_has_is_refused_at_the_field_that_asks()
    {
        var own = Problems(Graph(false, false, Service("api", availability: "{ enabled: true, replicasAcrossClusters: 4 }")), Three);
        var graphs = Problems(Graph(false, true, Service("api")), Cluster("m1"), Cluster("gone", removed: true));
        var spread = Problems(Graph(false, false, Service("api", scaling: "{ maxReplicas: 10, spread: { minClusters: 5 } }")), Three);
        var tooSmall = Problems(Graph(false, true, Service("api", cpu: "large")), Cluster("m1"), Cluster("tiny", cpu: 4));

        var problem = Assert.Single(own);
        Assert.Equal("hdaGraph.services[0].deployment.intent.highAvailability.replicasAcrossClusters", problem.Path);
        Assert.Equal("found 4 distinct clusters; expected at most 3: the federation has 3 cluster(s) that can run a replica of it (m1, m2, m3)", problem.Why);
        Assert.Equal("hdaGraph.hdaGraphIntent.highAvailability.enabled", Assert.Single(graphs).Path);
        Assert.Equal("hdaGraph.services[0].scaling.spread.minClusters", Assert.Single(spread).Path);
        // An 8-core replica does not fit the 4-core cluster: one cluster can run it, not two.
        Assert.EndsWith("expected at most 1: the federation has 1 cluster(s) that can run a replica of it (m1)", Assert.Single(tooSmall).Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_static_pin_to_a_cluster_that_is_not_a_member_or_cannot_run_the_service_is_refused()
    {
        var unknown = Problems(Graph(true, false, Service("api", values: "{ clustersAffinity: [m9] }")), Three);
        var noGpu = Problems(Graph(true, false, Service("gpu", gpu: true, values: "{ clustersAffinity: [m1] }")), [.. Three, Cluster("g1", gpu: true)]);
        var tooSmall = Problems(Graph(true, false, Service("big", cpu: "large", scaling: "{ minReplicas: 3 }", values: "{ clustersAffinity: [m1] }")), Three);

        var problem = Assert.Single(unknown);
        Assert.Equal("hdaGraph.services[0].artifact.valuesOverwrite.clustersAffinity", problem.Path);
        Assert.Equal("found 'm9', which is not a cluster of the federation; expected one of its clusters: m1, m2, m3", problem.Why);
        Assert.Contains("expected a cluster with a GPU: g1", Assert.Single(noGpu).Why, StringComparison.Ordinal);
        Assert.Contains("holds 3 replica(s) of 8 CPU", Assert.Single(tooSmall).Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_bigger_than_any_cluster_even_divided_is_refused()
    {
        var replica = Problems(Graph(false, false, Service("huge", cpu: "20")), Three);
        var minimum = Problems(Graph(false, false, Service("wide", cpu: "large", scaling: "{ minReplicas: 7, maxReplicas: 10 }")), Three);
        var gpu = Problems(Graph(false, false, Service("gpu", gpu: true)), Three);
        var graph = Problems(Graph(false, false, Service("a", cpu: "large", scaling: "{ minReplicas: 4 }"), Service("b", cpu: "large", scaling: "{ minReplicas: 3 }")), Three);

        Assert.Equal("hdaGraph.services[0].deployment.intent.compute", Assert.Single(replica).Path);
        Assert.Contains("the largest allocate 16 CPU", replica[0].Why, StringComparison.Ordinal);
        // Three 16-core clusters hold six 8-core replicas, divided.
        Assert.Equal("hdaGraph.services[0].scaling.minReplicas", Assert.Single(minimum).Path);
        Assert.Contains("expected at most 6", minimum[0].Why, StringComparison.Ordinal);
        Assert.Equal("hdaGraph.services[0].deployment.intent.compute.gpu", Assert.Single(gpu).Path);
        Assert.Equal("hdaGraph.services", Assert.Single(graph).Path);
    }

    [Fact]
    public void What_could_be_placed_later_is_accepted_clusters_not_ready_capacity_taken_no_members_yet()
    {
        // Two of three clusters down now and no CPU free anywhere: high availability on two clusters can still be had.
        Assert.Empty(Problems(Graph(false, true, Service("api"), Service("db", cpu: "large")), Cluster("m1", free: 0), Cluster("m2", ready: false, free: 0), Cluster("m3", ready: false)));
        Assert.Empty(Problems(Graph(true, true, Service("critical-service")), Cluster("m1", ready: false), Cluster("m2")));
        Assert.Empty(Problems(Graph(false, true, Service("api", availability: "{ replicasAcrossClusters: 9 }"))));
    }

    [Fact]
    public void Static_placement_without_a_clustersAffinity_high_availability_on_a_pin_and_a_moot_count_are_warned_about()
    {
        var graph = Parse(Graph(true, true,
            Service("pinned", values: "{ clustersAffinity: [m1] }"),
            Service("free"),
            Service("moot", availability: "{ enabled: false, replicasAcrossClusters: 3 }", values: "{ clustersAffinity: [m2] }")));

        var warnings = PlacementWarnings.Of(graph, "smo-milp", Availability).ToList();

        Assert.Equal(
            [
                "hdaGraph.services[0].deployment.intent: found high availability on 2 clusters for a service pinned to 'm1'; expected no clustersAffinity, so that Smo spreads it; pinned by static placement, it runs on its one cluster",
                "hdaGraph.services[1].artifact.valuesOverwrite: found no clustersAffinity under useStaticPlacement; expected a clustersAffinity to pin it; without one, Smo's placement strategy (smo-milp) places it around the pinned services, on 2 clusters for high availability",
                "hdaGraph.services[2].deployment.intent.highAvailability.replicasAcrossClusters: found replicasAcrossClusters 3 with high availability off for this service; expected enabled: true beside it, or hdaGraphIntent.highAvailability.enabled: true; as it is, the service runs on one cluster",
            ],
            warnings.Select(w => w.Message));
    }
}
