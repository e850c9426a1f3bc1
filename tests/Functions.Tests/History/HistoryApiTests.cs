using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Tests.Infrastructure;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.History;

/// <summary>
/// <c>GET /graphs/{name}/decisions</c> and <c>/events</c>: newest first, filtered, paged by an opaque cursor that
/// is refused when altered or reused with other filters; bad values are 400s naming their parameter; graphs a key may
/// not see are 404s.
/// </summary>
public sealed class HistoryApiTests
{
    private const string Graph = "shop";
    private const string ShopKey = "key-of-shop";
    private const string LabKey = "key-of-lab";

    [Fact]
    public async Task Decisions_are_paged_newest_first_through_the_cursor_each_with_its_inputs_and_result()
    {
        await using var host = await WithGraphAsync();
        for (var i = 0; i < 7; i++)
        {
            await RecordAsync(host, Decision($"decision {i}", DecisionKind.Scaling, DecisionTrigger.Tick, rate: i));
        }

        var pages = await ReadAllAsync(host.Client, $"/graphs/{Graph}/decisions?limit=3");

        Assert.Equal([3, 3, 1], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        var items = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"decision {i}"), items.Select(d => d.GetProperty("reason").GetString()));
        Assert.Equal(6, items[0].GetProperty("inputs").GetProperty("services")[0].GetProperty("requestRate").GetDouble());
        Assert.Equal(2, items[0].GetProperty("result").GetProperty("replicas").GetProperty("web").GetInt32());
        Assert.Equal(JsonValueKind.Null, pages[^1].GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Decisions_are_filtered_by_kind_and_trigger_in_either_spelling()
    {
        await using var host = await WithGraphAsync();
        await RecordAsync(host, Decision("placed", DecisionKind.Placement, DecisionTrigger.Deploy));
        await RecordAsync(host, Decision("ticked", DecisionKind.Scaling, DecisionTrigger.Tick));
        await RecordAsync(host, Decision("loaded", DecisionKind.Scaling, DecisionTrigger.Load));
        await RecordAsync(host, Decision("re-placed", DecisionKind.Replacement, DecisionTrigger.InfeasibleScaling));

        var scaling = await ReasonsAsync(host.Client, "decisions?kind=scaling");
        var load = await ReasonsAsync(host.Client, "decisions?kind=Scaling&trigger=load");
        var placements = await ReasonsAsync(host.Client, "decisions?kind=placement&kind=replacement");
        var infeasible = await ReasonsAsync(host.Client, "decisions?trigger=infeasible-scaling,InfeasibleScaling");

        Assert.Equal(["loaded", "ticked"], scaling);
        Assert.Equal(["loaded"], load);
        Assert.Equal(["re-placed", "placed"], placements);
        Assert.Equal(["re-placed"], infeasible);
    }

    [Fact]
    public async Task Events_are_filtered_by_service_and_kind_and_paged()
    {
        await using var host = await WithGraphAsync();
        var log = host.Factory.Services.GetRequiredService<EventLog>();
        await log.AppendAsync(new NewEvent(Graph, "web", "deploy.helm-installed", "web installed"));
        await log.AppendAsync(new NewEvent(Graph, "api", "deploy.helm-installed", "api installed"));
        await log.AppendAsync(new NewEvent(Graph, null, "graph.running", "running"));
        await log.AppendAsync(new NewEvent(Graph, "web", "warning", "web warned"));

        var ofWeb = await ReasonsAsync(host.Client, "events?service=web", "message");
        var installs = await ReasonsAsync(host.Client, "events?kind=deploy.helm-installed", "message");
        var pages = await ReadAllAsync(host.Client, $"/graphs/{Graph}/events?limit=1&service=web");

        Assert.Equal(["web warned", "web installed"], ofWeb);
        Assert.Equal(["api installed", "web installed"], installs);
        Assert.Equal(["web warned", "web installed"], pages.Select(p => p.GetProperty("items")[0].GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Since_and_until_bound_the_decisions_read()
    {
        await using var host = await WithGraphAsync();
        await RecordAsync(host, Decision("before", DecisionKind.Scaling, DecisionTrigger.Tick));
        await Task.Delay(50);
        var since = DateTimeOffset.UtcNow;
        await RecordAsync(host, Decision("inside", DecisionKind.Scaling, DecisionTrigger.Tick));
        await Task.Delay(50);
        var until = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await RecordAsync(host, Decision("after", DecisionKind.Scaling, DecisionTrigger.Tick));

        var inside = await ReasonsAsync(host.Client, $"decisions?since={Rfc3339(since)}&until={Rfc3339(until)}");
        var fromSince = await ReasonsAsync(host.Client, $"decisions?since={Rfc3339(since)}");

        Assert.Equal(["inside"], inside);
        Assert.Equal(["after", "inside"], fromSince);
    }

    [Theory]
    [InlineData("decisions?kind=bogus", "query: kind", "one of placement, scaling, replacement")]
    [InlineData("decisions?kind=1", "query: kind", "is not one of")]
    [InlineData("decisions?trigger=tick,alarm", "query: trigger", "'alarm' is not one of")]
    [InlineData("decisions?since=yesterday", "query: since", "RFC 3339")]
    [InlineData("decisions?until=2026-03-01", "query: until", "RFC 3339")]
    [InlineData("decisions?since=2026-03-01T12:00:00", "query: since", "with an offset")]
    [InlineData("decisions?since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z", "query: since", "must be before until")]
    [InlineData("decisions?limit=0", "query: limit", "from 1 to 500")]
    [InlineData("decisions?limit=501", "query: limit", "from 1 to 500")]
    [InlineData("decisions?limit=ten", "query: limit", "from 1 to 500")]
    [InlineData("decisions?limit=", "query: limit", "is empty")]
    [InlineData("decisions?cursor=%21%21%21", "query: cursor", "not base64url")]
    [InlineData("events?service=Not_A_Service", "query: service", "not a service name")]
    [InlineData("events?kind=Deploy", "query: kind", "is not an event kind")]
    [InlineData("replicas?since=soon", "query: since", "RFC 3339")]
    [InlineData("replicas?since=2999-01-01T00:00:00Z", "query: since", "must be before until")]
    public async Task A_bad_query_value_is_a_400_naming_the_parameter(string path, string where, string why)
    {
        await using var host = await WithGraphAsync();

        var response = await host.Client.GetAsync($"/graphs/{Graph}/{path}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(where, problem.GetProperty("where").GetString());
        Assert.Contains(why, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_query_value_is_refused_without_being_repeated()
    {
        await using var host = await WithGraphAsync();
        var longKind = new string('a', 2000);

        var response = await host.Client.GetAsync($"/graphs/{Graph}/events?kind={longKind}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(longKind[..100], await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_cursor_or_one_reused_with_other_filters_is_a_400_and_the_untouched_one_reads_on()
    {
        await using var host = await WithGraphAsync();
        for (var i = 0; i < 3; i++)
        {
            await RecordAsync(host, Decision($"decision {i}", DecisionKind.Scaling, DecisionTrigger.Tick));
        }

        var first = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/decisions?kind=scaling&limit=1");
        var cursor = first.GetProperty("next").GetString()!;
        var altered = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        var tampered = await host.Client.GetAsync($"/graphs/{Graph}/decisions?kind=scaling&limit=1&cursor={altered}");
        var otherFilter = await host.Client.GetAsync($"/graphs/{Graph}/decisions?kind=placement&limit=1&cursor={cursor}");
        var otherLog = await host.Client.GetAsync($"/graphs/{Graph}/events?limit=1&cursor={cursor}");
        var next = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/decisions?kind=scaling&limit=1&cursor={cursor}");

        foreach (var refused in new[] { tampered, otherFilter, otherLog })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("query: cursor", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        }

        Assert.Equal("decision 1", next.GetProperty("items")[0].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("decisions")]
    [InlineData("events")]
    [InlineData("replicas")]
    public async Task The_history_of_an_unknown_graph_or_of_another_projects_graph_is_not_found(string log)
    {
        await using var host = await WithGraphAsync(new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["Smo__Keys__Projects__shop"] = ShopKey,
            ["Smo__Keys__Projects__lab"] = LabKey,
        });
        using var shop = host.Factory.CreateClientWithKey(ShopKey);
        using var lab = host.Factory.CreateClientWithKey(LabKey);

        var own = await shop.GetAsync($"/graphs/{Graph}/{log}");
        var others = await lab.GetAsync($"/graphs/{Graph}/{log}");
        var unknown = await shop.GetAsync($"/graphs/nothing/{log}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    internal static async Task<StoreHost> WithGraphAsync(Dictionary<string, string>? values = null)
    {
        var host = StoreHost.Start(values);
        var services = new[] { "web", "api" }.Select(name =>
            new NewService(name, ServiceStatus.Deployed, Conditional: false, new ServiceArtifact($"oci://registry.local/charts/{name}:1.0.0", "helm", "WOT"), new ServiceResources(1, 1, 10)));
        var graph = new NewGraph(Graph, "shop", JsonSerializer.SerializeToElement(new { id = Graph }),
            new GraphStrategies("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(30)), [.. services]);
        Assert.True(await host.Factory.Services.GetRequiredService<GraphStore>().TryCreateAsync(graph));
        return host;
    }

    /// <summary>A decision with a scaling decision's shape: the service seen with its rate, the replicas chosen.</summary>
    private static NewDecision Decision(string reason, DecisionKind kind, DecisionTrigger trigger, double rate = 10) => new(
        Graph, kind, "smo-milp", trigger,
        JsonSerializer.SerializeToElement(new { services = new[] { new { name = "web", requestRate = rate, currentReplicas = 1 } } }),
        JsonSerializer.SerializeToElement(new { replicas = new { web = 2 } }),
        new Dictionary<string, double>(), DecisionStatus.Optimal, reason, TimeSpan.FromMilliseconds(1));

    private static Task RecordAsync(StoreHost host, NewDecision decision) => host.Factory.Services.GetRequiredService<DecisionLog>().AppendAsync(decision);

    private static string Rfc3339(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<List<string>> ReasonsAsync(HttpClient client, string path, string field = "reason")
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/{path}");
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(field).GetString()!)];
    }

    /// <summary>Every page from <paramref name="path"/> on, following each page's <c>next</c>.</summary>
    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient client, string path)
    {
        var pages = new List<JsonElement>();
        var next = path;
        while (next is not null && pages.Count < 20)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(next);
            pages.Add(page);
            next = page.GetProperty("next").GetString() is { } cursor ? $"{path}&cursor={cursor}" : null;
        }

        return pages;
    }
}
