using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Translation;

public sealed class PlacementValuesTests
{
    [Fact]
    public void Service_imports_go_to_the_clusters_of_the_callers()
    {
        var placement = new Dictionary<string, string> { ["shop-web"] = "athens", ["shop-catalogue"] = "paris", ["image-check"] = "paris" };

        var imports = PlacementValues.ServiceImports(ShopDemo.Graph, placement);

        // shop-web and image-check call the catalogue; the catalogue calls shop-web; nobody calls image-check.
        Assert.Equal(["athens", "paris"], imports["shop-catalogue"]);
        Assert.Equal(["paris"], imports["shop-web"]);
        Assert.Empty(imports["image-check"]);
    }

    [Fact]
    public void The_placement_goes_to_the_top_level_or_under_voChartOverwrite_for_WOT_charts()
    {
        using var values = JsonDocument.Parse("""{"replicas": 1, "voChartOverwrite": {"debug": true}}""");

        var helm = PlacementValues.With(values.RootElement, "HELM", "athens", ["paris"]);
        var wot = PlacementValues.With(values.RootElement, "WOT", "athens", ["paris"]);

        Assert.Equal("athens", helm["clustersAffinity"]![0]!.GetValue<string>());
        Assert.Equal("paris", helm["serviceImportClusters"]![0]!.GetValue<string>());
        Assert.Null(wot["clustersAffinity"]);
        Assert.Equal("athens", wot["voChartOverwrite"]!["clustersAffinity"]![0]!.GetValue<string>());
        Assert.True(wot["voChartOverwrite"]!["debug"]!.GetValue<bool>());
        // The stored values are not modified in place.
        Assert.False(values.RootElement.TryGetProperty("clustersAffinity", out _));
    }

    [Fact]
    public void Static_placement_pins_a_service_to_every_cluster_of_clustersAffinity_in_order()
    {
        using var helm = JsonDocument.Parse("""{"clustersAffinity": ["brussels", "athens", 7, "brussels"]}""");
        using var wot = JsonDocument.Parse("""{"voChartOverwrite": {"clustersAffinity": ["paris"]}}""");
        using var none = JsonDocument.Parse("""{"clustersAffinity": []}""");

        Assert.Equal(["brussels", "athens"], PlacementValues.PinnedClusters(helm.RootElement, "HELM"));
        Assert.Equal(["paris"], PlacementValues.PinnedClusters(wot.RootElement, "WOT"));
        Assert.Empty(PlacementValues.PinnedClusters(wot.RootElement, "HELM"));
        Assert.Empty(PlacementValues.PinnedClusters(none.RootElement, "HELM"));
    }
}
