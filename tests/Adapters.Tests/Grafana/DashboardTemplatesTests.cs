using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Smo.Adapters.Grafana;

namespace Smo.Adapters.Tests.Grafana;

public sealed class DashboardTemplatesTests
{
    private static readonly DashboardTemplates Templates = new(Options.Create(new GrafanaOptions { BaseUrl = new Uri("http://grafana/") }));

    private static IEnumerable<JsonObject> Panels(GrafanaDashboard dashboard) => dashboard.Model["panels"]!.AsArray().Select(p => p!.AsObject());

    private static IEnumerable<string> Queries(GrafanaDashboard dashboard) =>
        Panels(dashboard).SelectMany(p => p["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>());

    [Fact]
    public void Service_dashboard_has_the_four_time_series_panels_of_the_original()
    {
        var dashboard = Templates.Service("demo", "graph", "noise-reduction");

        Assert.Equal(["noise-reduction pods", "noise-reduction CPU utilization", "noise-reduction RAM usage", "noise-reduction throttling"],
            Panels(dashboard).Select(p => p["title"]!.GetValue<string>()));
        Assert.All(Panels(dashboard), p => Assert.Equal("timeseries", p["type"]!.GetValue<string>()));
        Assert.Contains("sum(kube_deployment_status_replicas_ready{deployment=\"noise-reduction\"}) OR on() vector(0)", Queries(dashboard));
    }

    [Fact]
    public void Graph_dashboard_repeats_the_service_panels_over_a_service_variable()
    {
        var dashboard = Templates.Graph("demo", "graph", ["a", "b", "c"]);

        var variable = dashboard.Model["templating"]!["list"]!.AsArray().Single()!;
        Assert.Equal("a, b, c", variable["query"]!.GetValue<string>());
        Assert.All(Panels(dashboard), p => Assert.Equal("service", p["repeat"]!.GetValue<string>()));
        Assert.All(Queries(dashboard), q => Assert.Contains("$service", q));
    }

    [Fact]
    public void Cluster_dashboard_has_nine_panels_all_filtered_on_the_cluster_label()
    {
        var dashboard = Templates.Cluster("member1");

        Assert.Equal(9, Panels(dashboard).Count());
        Assert.Equal(["gauge", "stat", "timeseries"], Panels(dashboard).Select(p => p["type"]!.GetValue<string>()).Distinct().Order());
        Assert.All(Queries(dashboard), q => Assert.Contains("source=\"member1\"", q));
        Assert.DoesNotContain(Queries(dashboard), q => q.Contains("instance="));
    }

    [Fact]
    public void Dashboard_uids_differ_for_the_same_service_name_in_different_graphs_and_kinds()
    {
        var uids = new[]
        {
            Templates.Service("demo", "graph-a", "web").Uid,
            Templates.Service("demo", "graph-b", "web").Uid,
            Templates.Service("other", "graph-a", "web").Uid,
            Templates.Graph("demo", "web", ["web"]).Uid,
            Templates.Cluster("web").Uid,
        };

        Assert.Equal(uids.Length, uids.Distinct().Count());
    }

    [Theory]
    [InlineData("a-service-name-that-is-much-longer-than-grafana-allows-for-uids")]
    [InlineData("Ünïcode Service / with spaces")]
    [InlineData("---")]
    public void Dashboard_uids_keep_within_grafanas_rules(string service)
    {
        var uid = Templates.Service("demo", "graph", service).Uid;

        Assert.InRange(uid.Length, 1, DashboardUid.MaxLength);
        Assert.Matches(new Regex("^[a-zA-Z0-9_-]+$"), uid);
        Assert.Equal(uid, Templates.Service("demo", "graph", service).Uid);
    }
}
