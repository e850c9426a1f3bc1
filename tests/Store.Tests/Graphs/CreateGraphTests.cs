using System.Text.Json;
using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class CreateGraphTests : StoreTest
{
    [Fact]
    public async Task TryCreateAsync_stores_the_graph_and_its_services_in_descriptor_order()
    {
        var graph = await CreateGraphAsync(Graph("brussels-demo").WithServices("noise-reduction", "image-compression-vo", "cvo").Placing("cvo", "edge-a"));

        var stored = await Graphs.GetAsync("brussels-demo");

        Assert.NotNull(stored);
        Assert.Equal(("brussels-demo", "demo", GraphStatus.Deploying, 1L), (stored.Name, stored.Project, stored.Status, stored.Version));
        Assert.Equal(["noise-reduction", "image-compression-vo", "cvo"], stored.Services.Select(s => s.Name));
        Assert.Equal(graph.Placement, stored.Placement);
        Assert.Equal("graph:brussels-demo", stored.OrchestrationInstanceId);
        Assert.Null(stored.FailureReason);
        Assert.True(JsonElement.DeepEquals(graph.Descriptor, stored.Descriptor));
    }

    [Fact]
    public async Task TryCreateAsync_round_trips_strategies_and_weights()
    {
        var strategies = new GraphStrategies("energy-aware", "predictive", new Dictionary<string, double> { ["cost"] = 0.25, ["carbon"] = 2.5 }, TimeSpan.FromMilliseconds(1500));

        await CreateGraphAsync(Graph().WithStrategies(strategies));

        var stored = (await Graphs.GetAsync("brussels-demo"))!.Strategies;
        Assert.Equal(("energy-aware", "predictive", TimeSpan.FromMilliseconds(1500)), (stored.PlacementStrategy, stored.ScalingStrategy, stored.ScalingInterval));
        Assert.Equal(strategies.Weights, stored.Weights);
    }

    [Fact]
    public async Task TryCreateAsync_round_trips_every_service_field()
    {
        var values = JsonSerializer.SerializeToElement(new { voChartOverwrite = new { clustersAffinity = new[] { "edge-a" }, serviceImportClusters = new[] { "edge-b" } }, image = new { tag = "1.2" } });
        var service = new NewService("cvo", ServiceStatus.Pending, Conditional: true, new ServiceArtifact("oci://registry/cvo:2", "helm", "WOT"), new ServiceResources(4, 2, 40, Gpu: true))
        {
            HelmValues = values,
            AlertRules = [new ServiceAlertRule("high-load", "rate(x[1m]) > 5", "30s", "load"), new ServiceAlertRule("low-battery", "battery < 0.2", "1m")],
            Scaling = new ScalingParameters(Alpha: 12.5, Beta: -1.5, MinReplicas: 1, MaxReplicas: 6),
            DesiredReplicas = 0,
            GrafanaUrl = "http://grafana/d/cvo",
        };

        await CreateGraphAsync(Graph().With(service).Placing("cvo", "edge-a"));

        var stored = Assert.Single((await Graphs.GetAsync("brussels-demo"))!.Services);
        Assert.Equal((ServiceStatus.Pending, true, "edge-a"), (stored.Status, stored.Conditional, stored.Cluster));
        Assert.Equal(service.Artifact, stored.Artifact);
        Assert.Equal(service.Resources, stored.Resources);
        Assert.True(JsonElement.DeepEquals(values, stored.HelmValues));
        Assert.Equal(service.AlertRules, stored.AlertRules);
        Assert.Equal(service.Scaling, stored.Scaling);
        Assert.Equal((0, "http://grafana/d/cvo"), (stored.DesiredReplicas, stored.GrafanaUrl));
    }

    [Fact]
    public async Task TryCreateAsync_leaves_unplaced_services_without_a_cluster()
    {
        await CreateGraphAsync(Graph().WithServices("a", "b").Placing("a", "edge-a"));

        var services = (await Graphs.GetAsync("brussels-demo"))!.Services;

        Assert.Equal(["edge-a", null], services.Select(s => s.Cluster));
    }

    [Fact]
    public async Task TryCreateAsync_refuses_a_second_graph_with_the_same_name_and_stores_nothing_of_it()
    {
        await CreateGraphAsync(Graph("brussels-demo").WithServices("noise-reduction"));

        var created = await Graphs.TryCreateAsync(Graph("brussels-demo").InProject("other").WithServices("intruder", "noise-reduction").Build());

        Assert.False(created);
        var stored = (await Graphs.GetAsync("brussels-demo"))!;
        Assert.Equal("demo", stored.Project);
        Assert.Equal(["noise-reduction"], stored.Services.Select(s => s.Name));
        Assert.Equal(1, await CountAsync("services"));
    }

    [Fact]
    public async Task TryCreateAsync_creates_a_name_once_when_deploys_race()
    {
        var attempts = Enumerable.Range(0, 6).Select(i => Graph("racy").InProject($"p{i}").WithServices($"s{i}", "shared").Build()).ToArray();

        var created = await Task.WhenAll(attempts.Select(g => Task.Run(() => Graphs.TryCreateAsync(g))));

        Assert.Single(created, c => c);
        var winner = attempts[Array.IndexOf(created, true)];
        Assert.Equal(winner.Services.Select(s => s.Name), (await Graphs.GetAsync("racy"))!.Services.Select(s => s.Name));
        Assert.Equal(2, await CountAsync("services"));
    }

    [Fact]
    public async Task TryCreateAsync_allows_the_same_service_name_in_different_graphs()
    {
        await CreateGraphAsync(Graph("graph-one").WithServices("web-frontend"));

        var created = await Graphs.TryCreateAsync(Graph("graph-two").WithServices("web-frontend").Build());

        Assert.True(created);
        Assert.Equal(2, await CountAsync("services", "name = 'web-frontend'"));
    }

    [Fact]
    public async Task TryCreateAsync_stores_the_descriptor_as_a_jsonb_object()
    {
        await CreateGraphAsync(Graph("brussels-demo").WithServices("noise-reduction"));

        var firstService = await TestDatabase.ScalarAsync<string>($"SELECT descriptor #>> '{{services,0,id}}' FROM {Context.Graphs}");

        Assert.Equal("noise-reduction", firstService);
    }

    [Fact]
    public async Task GetAsync_returns_null_for_an_unknown_graph()
    {
        Assert.Null(await Graphs.GetAsync("nowhere"));
    }

    [Fact]
    public async Task ListByProjectAsync_returns_the_projects_graphs_by_name_with_their_own_services()
    {
        await CreateGraphAsync(Graph("zeta").InProject("team-a").WithServices("z1"));
        await CreateGraphAsync(Graph("alpha").InProject("team-a").WithServices("a1", "a2"));
        await CreateGraphAsync(Graph("other").InProject("team-b").WithServices("o1"));

        var graphs = await Graphs.ListByProjectAsync("team-a");

        Assert.Equal(["alpha", "zeta"], graphs.Select(g => g.Name));
        Assert.Equal(["a1", "a2"], graphs[0].Services.Select(s => s.Name));
        Assert.Equal(["z1"], graphs[1].Services.Select(s => s.Name));
    }

    [Fact]
    public async Task ListAsync_returns_every_graph()
    {
        await CreateGraphAsync(Graph("one").InProject("team-a"));
        await CreateGraphAsync(Graph("two").InProject("team-b"));

        var graphs = await Graphs.ListAsync();

        Assert.Equal(["one", "two"], graphs.Select(g => g.Name));
    }

    [Fact]
    public async Task ListPageAsync_reads_the_graphs_after_the_named_one_in_ordinal_order_up_to_the_limit()
    {
        foreach (var name in new[] { "b-2", "a", "b", "b1", "c" })
        {
            await CreateGraphAsync(Graph(name).WithServices($"{name}-web"));
        }

        var first = await Graphs.ListPageAsync(null, 2);
        var next = await Graphs.ListPageAsync(first[^1].Name, 2);
        var last = await Graphs.ListPageAsync(next[^1].Name, 2);

        Assert.Equal(["a", "b"], first.Select(g => g.Name));
        Assert.Equal(["b-2", "b1"], next.Select(g => g.Name));
        Assert.Equal(["c"], last.Select(g => g.Name));
        Assert.Equal(["b-2-web"], next[0].Services.Select(s => s.Name));
    }

    [Fact]
    public async Task ListPageAsync_with_projects_reads_only_their_graphs_and_fills_the_page_with_them()
    {
        await CreateGraphAsync(Graph("a1").InProject("team-a"));
        await CreateGraphAsync(Graph("b1").InProject("team-b"));
        await CreateGraphAsync(Graph("b2").InProject("team-b"));
        await CreateGraphAsync(Graph("c1").InProject("team-c"));
        await CreateGraphAsync(Graph("c2").InProject("team-c"));

        var page = await Graphs.ListPageAsync(null, 3, ["team-a", "team-c", "not a name"]);
        var ofTeamB = await Graphs.ListPageByProjectAsync("team-b", "b1", 3);

        Assert.Equal(["a1", "c1", "c2"], page.Select(g => g.Name));
        Assert.Equal(["b2"], ofTeamB.Select(g => g.Name));
    }

    [Theory]
    [InlineData("NOT A NAME", 10, "after")]
    [InlineData(null, 0, "limit")]
    public async Task ListPageAsync_refuses_a_position_or_limit_out_of_shape_before_any_sql(string? after, int limit, string parameter)
    {
        var refused = await Assert.ThrowsAnyAsync<ArgumentException>(() => Graphs.ListPageAsync(after, limit));

        Assert.Equal(parameter, refused.ParamName);
    }

    [Fact]
    public async Task ListByProjectAsync_returns_nothing_for_an_empty_project()
    {
        Assert.Empty(await Graphs.ListByProjectAsync("empty"));
    }
}
