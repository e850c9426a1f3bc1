using Microsoft.Extensions.Configuration;
using System.Text.Json;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Hdag.Translation;
using Smo.Store.Graphs;

using static Smo.Functions.Tests.Translation.AvailabilityDescriptor;

namespace Smo.Functions.Tests.Translation;

/// <summary>High availability stored as spreading: the clusters a service must run on, and a replica on each at least.</summary>
public sealed class HighAvailabilityTranslationTests
{
    private static readonly GraphDefaults Defaults = new() { MaxReplicas = 9 };

    private static ScalingParameters Stored(string yaml, string service, HighAvailabilityOptions? availability = null)
    {
        var graph = Parse(yaml);
        var translated = new GraphTranslator(Defaults, new IntentTranslator(), availability)
            .Translate(graph, JsonSerializer.SerializeToElement(new { }), "p", "graph:ha-graph");
        return translated.Services.Single(s => s.Name == service).Scaling!;
    }

    [Fact]
    public void The_graphs_high_availability_spreads_every_service_over_the_hosts_number_of_clusters_with_a_replica_on_each()
    {
        var yaml = Graph(staticPlacement: false, highAvailability: true, Service("api"), Service("db", scaling: "{ minReplicas: 3 }"));

        Assert.Equal(new ScalingParameters(10, 0, 2, 9) { MinClusters = 2 }, Stored(yaml, "api"));
        Assert.Equal(new ScalingParameters(10, 0, 3, 9) { MinClusters = 2 }, Stored(yaml, "db"));
        Assert.Equal(3, Stored(yaml, "api", new HighAvailabilityOptions { Clusters = 3 }).MinClusters);
    }

    [Fact]
    public void A_services_own_block_overrides_the_graphs_flag_and_the_hosts_count()
    {
        var yaml = Graph(staticPlacement: false, highAvailability: true,
            Service("off", availability: "{ enabled: false }"),
            Service("three", availability: "{ replicasAcrossClusters: 3 }"));
        var graphOff = Graph(staticPlacement: false, highAvailability: false,
            Service("on", availability: "{ enabled: true }"),
            Service("plain"),
            Service("spread", availability: "{ enabled: true, replicasAcrossClusters: 2 }", scaling: "{ spread: { minClusters: 4 } }"));

        Assert.Equal(1, Stored(yaml, "off").MinClusters);
        Assert.Equal(1, Stored(yaml, "off").MinReplicas);
        Assert.Equal((3, 3), (Stored(yaml, "three").MinClusters, Stored(yaml, "three").MinReplicas));
        Assert.Equal(2, Stored(graphOff, "on").MinClusters);
        Assert.Equal(1, Stored(graphOff, "plain").MinClusters);
        // Spread and high availability together: the larger.
        Assert.Equal(4, Stored(graphOff, "spread").MinClusters);
    }

    [Fact]
    public void A_service_static_placement_pins_runs_on_one_cluster_of_its_pin_whatever_the_graphs_high_availability_says()
    {
        // Asking for two clusters while a pin keeps it on one would call for a re-placement at every inventory change.
        var yaml = Graph(staticPlacement: true, highAvailability: true,
            Service("pinned", values: "{ clustersAffinity: [m1, m2] }"), Service("free"));

        Assert.Equal(1, Stored(yaml, "pinned").MinClusters);
        Assert.Equal(2, Stored(yaml, "free").MinClusters);
    }

    [Fact]
    public void The_setting_is_read_and_checked_at_start()
    {
        static IConfiguration Settings(string? value) => new ConfigurationBuilder()
            .AddInMemoryCollection(value is null ? [] : [KeyValuePair.Create<string, string?>(HighAvailabilityOptions.Setting, value)]).Build();

        Assert.Equal(2, HighAvailabilityOptions.Read(Settings(null)).Clusters);
        Assert.Equal(3, HighAvailabilityOptions.Read(Settings("3")).Clusters);
        var error = Assert.Throws<InvalidOperationException>(() => HighAvailabilityOptions.Read(Settings("0")));
        Assert.Contains("Smo:Placement:HighAvailabilityClusters must be a whole number from 1 to 100 (is 0)", error.Message, StringComparison.Ordinal);
    }
}
