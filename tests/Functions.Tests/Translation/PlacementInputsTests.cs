using System.Text.Json;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Translation;

/// <summary>The solver's view built under conditions: the carbon series read now and over the horizon, utilisation from rates, the minimum dwell.</summary>
public sealed class PlacementInputsTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static ServiceRecord Service(string name, string cluster, DateTimeOffset? movedAt = null) => new()
    {
        Graph = "g",
        Name = name,
        Status = ServiceStatus.Deployed,
        Conditional = false,
        Cluster = cluster,
        Artifact = new ServiceArtifact($"oci://registry.local/{name}"),
        Resources = new ServiceResources(CpuCores: 1, MemoryGiB: 1, StorageGB: 1),
        HelmValues = JsonSerializer.SerializeToElement(new { }),
        AlertRules = [],
        Scaling = new ScalingParameters(Alpha: 10, Beta: 0, MinReplicas: 1, MaxReplicas: 10),
        DesiredReplicas = 4,
        UpdatedAt = Noon,
        MovedAt = movedAt,
    };

    private static GraphRecord Graph(params ServiceRecord[] services) => new()
    {
        Name = "g",
        Project = "p",
        Status = GraphStatus.Running,
        Descriptor = JsonSerializer.SerializeToElement(new { }),
        Placement = services.ToDictionary(s => s.Name, s => s.Cluster!),
        Strategies = new GraphStrategies("energy-aware", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(30)),
        CreatedAt = Noon,
        UpdatedAt = Noon,
        Version = 1,
        Services = services,
    };

    private static ClusterRecord Cluster(string name, ClusterEnergyProfile? energy = null, bool ready = true) => new()
    {
        Name = name,
        CpuAllocatable = 16,
        CpuAvailable = 8,
        MemoryAllocatableGiB = 64,
        MemoryAvailableGiB = 32,
        Gpu = false,
        Ready = ready,
        Labels = new Dictionary<string, string>(),
        EnergyProfile = energy,
        FirstSeenAt = Noon,
        LastSyncedAt = Noon,
    };

    private static PlacementConditions At(IReadOnlyDictionary<string, double>? rates = null, DateTimeOffset? keepMovedSince = null) =>
        new(Noon, TimeSpan.FromHours(2), rates ?? new Dictionary<string, double>(), keepMovedSince);

    [Fact]
    public void Clusters_carry_the_series_value_now_and_its_mean_over_the_horizon()
    {
        var energy = new ClusterEnergyProfile(1.3, 4, 12, 999)
        {
            CarbonSeries = [new CarbonPoint(Noon.AddMinutes(-5), 300), new CarbonPoint(Noon.AddHours(1), 100)],
        };

        var problem = PlacementInputs.Build(Graph(Service("web", "a")), ShopDemo.Graph, [Cluster("a", energy)], new WeightDefaults(), conditions: At());

        var solverEnergy = problem.Clusters.Single().Energy!;
        Assert.Equal(300, solverEnergy.CarbonGramsPerKWh);
        Assert.Equal(200, solverEnergy.ExpectedCarbonGramsPerKWh, precision: 9); // an hour at 300, an hour at 100
    }

    [Theory]
    [InlineData(20, 0.5)]   // 20 req/s over 4 replicas × 10
    [InlineData(400, 1)]    // more than they carry: full load
    [InlineData(0, 0)]
    public void A_services_utilisation_is_its_measured_rate_over_what_its_replicas_carry(double rate, double utilisation)
    {
        var problem = PlacementInputs.Build(Graph(Service("web", "a")), ShopDemo.Graph, [Cluster("a")], new WeightDefaults(),
            conditions: At(new Dictionary<string, double> { ["web"] = rate }));

        Assert.Equal(utilisation, problem.Services.Single().Utilisation, precision: 9);
    }

    [Fact]
    public void A_service_without_a_measured_rate_counts_at_full_load()
    {
        var problem = PlacementInputs.Build(Graph(Service("web", "a")), ShopDemo.Graph, [Cluster("a")], new WeightDefaults(), conditions: At());

        Assert.Equal(1, problem.Services.Single().Utilisation);
    }

    [Fact]
    public void A_service_that_moved_within_the_dwell_stays_unless_its_cluster_is_not_ready()
    {
        var graph = Graph(Service("recent", "a", movedAt: Noon.AddMinutes(-5)), Service("old", "a", movedAt: Noon.AddHours(-2)),
            Service("stranded", "down", movedAt: Noon.AddMinutes(-5)));

        var problem = PlacementInputs.Build(graph, ShopDemo.Graph, [Cluster("a"), Cluster("b"), Cluster("down", ready: false)], new WeightDefaults(),
            conditions: At(keepMovedSince: Noon.AddMinutes(-30)));

        var pinned = problem.Services.ToDictionary(s => s.Name, s => s.PinnedCluster);
        Assert.Equal("a", pinned["recent"]);
        Assert.Null(pinned["old"]);
        Assert.Null(pinned["stranded"]);
        Assert.Equal(["recent"], PlacementInputs.Dwelling(problem, graph, Noon.AddMinutes(-30)));
    }

    [Fact]
    public void Static_pins_hold_their_services_and_a_pin_on_a_cluster_not_ready_keeps_its_service_out_of_the_decision()
    {
        var graph = Graph(Service("pinned", "a"), Service("stranded", "down"), Service("free", "down"));

        var problem = PlacementInputs.Build(graph, ShopDemo.Graph, [Cluster("a"), Cluster("b"), Cluster("down", ready: false)], new WeightDefaults(),
            conditions: At() with { Pinned = new Dictionary<string, string> { ["pinned"] = "a", ["stranded"] = "down" } });

        Assert.Equal(["free", "pinned"], problem.Services.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal("a", problem.Services.Single(s => s.Name == "pinned").PinnedCluster);
        Assert.Null(problem.Services.Single(s => s.Name == "free").PinnedCluster);
    }
}
