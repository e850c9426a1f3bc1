using System.Diagnostics.Metrics;
using System.Text.Json;
using Smo.Functions.Telemetry;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Telemetry;

/// <summary>
/// The power and carbon gauges' numbers, by hand: PUE × max W per core × cores (the solver's model at full load, as
/// placement weighs it), and W × gCO2/kWh ÷ 1000 = gCO2/h.
/// </summary>
public sealed class ModelledPowerTests
{
    // PUE 1.5 × 10 W per core; 400 gCO2/kWh.
    private static readonly ClusterRecord Dirty = Cluster("dirty", new ClusterEnergyProfile(Pue: 1.5, IdleWattsPerCore: 4, MaxWattsPerCore: 10, CarbonGramsPerKWh: 400));

    // PUE 1.2 × 5 W per core; 50 gCO2/kWh.
    private static readonly ClusterRecord Clean = Cluster("clean", new ClusterEnergyProfile(Pue: 1.2, IdleWattsPerCore: 2, MaxWattsPerCore: 5, CarbonGramsPerKWh: 50));

    [Fact]
    public void Of_prices_a_service_by_its_decided_replicas_on_its_cluster()
    {
        var graph = Graph("shop", Service("web", cpu: 0.5, replicas: 4, cluster: "dirty"));

        var power = Assert.Single(ModelledPower.Of([graph], [Dirty, Clean], DateTimeOffset.UtcNow));

        // 0.5 × 4 = 2 cores × 10 W × 1.5 = 30 W; 30 W × 400 g/kWh = 12 g/h.
        Assert.Equal(("shop", "dirty"), (power.Graph, power.Cluster));
        Assert.Equal(30, power.Watts, 9);
        Assert.Equal(12, power.CarbonGramsPerHour, 9);
    }

    [Fact]
    public void Of_sums_a_graphs_services_per_cluster_and_prices_a_division_share_by_share()
    {
        var graph = Graph("shop",
            Service("web", cpu: 1, replicas: 1, cluster: "dirty"),
            Service("catalogue", cpu: 2, replicas: 3, cluster: "dirty", division: new Dictionary<string, int> { ["dirty"] = 1, ["clean"] = 2 }));

        var power = ModelledPower.Of([graph], [Dirty, Clean], DateTimeOffset.UtcNow).ToDictionary(p => p.Cluster);

        // dirty: (1 + 2) cores × 15 W = 45 W, × 0.4 = 18 g/h; clean: 4 cores × 6 W = 24 W, × 0.05 = 1.2 g/h.
        Assert.Equal(45, power["dirty"].Watts, 9);
        Assert.Equal(18, power["dirty"].CarbonGramsPerHour, 9);
        Assert.Equal(24, power["clean"].Watts, 9);
        Assert.Equal(1.2, power["clean"].CarbonGramsPerHour, 9);
    }

    [Fact]
    public void Of_reports_nothing_for_clusters_without_an_energy_profile_nor_for_services_not_installed()
    {
        var unprofiled = Cluster("unprofiled", null);
        var graph = Graph("shop",
            Service("web", cpu: 1, replicas: 2, cluster: "unprofiled"),
            Service("catalogue", cpu: 1, replicas: 2, cluster: "dirty") with { Status = ServiceStatus.NotDeployed });

        var power = ModelledPower.Of([graph], [Dirty, unprofiled], DateTimeOffset.UtcNow);

        Assert.Empty(power);
    }

    [Fact]
    public void ByLabels_sums_the_graphs_past_the_label_bound_into_other_per_cluster()
    {
        var labels = new GraphLabels(new MetricsOptions { MaxGraphLabels = 1 });
        GraphClusterPower[] figures = [new("a", "dirty", 10, 1), new("b", "dirty", 20, 2), new("c", "dirty", 30, 3), new("c", "clean", 5, 0.5)];

        var measurements = SmoGauges.ByLabels(figures, labels, p => p.Watts);

        Assert.Equal(
            [("a", "dirty", 10.0), (LabelValues.Other, "dirty", 50.0), (LabelValues.Other, "clean", 5.0)],
            measurements.Select(m => (Tag(m, "graph"), Tag(m, "cluster"), m.Value)));
    }

    private static string Tag(Measurement<double> measurement, string name) =>
        (string)measurement.Tags.ToArray().Single(t => t.Key == name).Value!;

    private static ClusterRecord Cluster(string name, ClusterEnergyProfile? energy) => new()
    {
        Name = name,
        CpuAllocatable = 32,
        CpuAvailable = 16,
        MemoryAllocatableGiB = 64,
        MemoryAvailableGiB = 32,
        Gpu = false,
        Ready = true,
        Labels = new Dictionary<string, string>(),
        EnergyProfile = energy,
        FirstSeenAt = DateTimeOffset.UnixEpoch,
        LastSyncedAt = DateTimeOffset.UnixEpoch,
    };

    private static ServiceRecord Service(string name, double cpu, int replicas, string cluster, IReadOnlyDictionary<string, int>? division = null) => new()
    {
        Graph = "shop",
        Name = name,
        Status = ServiceStatus.Deployed,
        Conditional = false,
        Cluster = cluster,
        Division = division,
        Artifact = new ServiceArtifact("oci://127.0.0.1:5000/shop/" + name),
        Resources = new ServiceResources(cpu, 1, 1),
        HelmValues = JsonSerializer.SerializeToElement(new { }),
        AlertRules = [],
        DesiredReplicas = replicas,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static GraphRecord Graph(string name, params ServiceRecord[] services) => new()
    {
        Name = name,
        Project = "demo",
        Status = GraphStatus.Running,
        Descriptor = JsonSerializer.SerializeToElement(new { }),
        Placement = services.ToDictionary(s => s.Name, s => s.Cluster!),
        Strategies = new GraphStrategies("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(5)),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Version = 1,
        Services = services,
    };
}
