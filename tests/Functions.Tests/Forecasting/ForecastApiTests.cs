using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Tests.Infrastructure;
using Smo.Store.Forecasts;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Forecasting;

/// <summary>
/// <c>PUT|GET /graphs/{name}/services/{service}/forecast</c>: a forecast pushed from outside is checked as hostile
/// input (problem+json saying where and why, nothing stored), stored whole in place of the one before, read back, and
/// guarded like every graph route (keys, project scope, unknown graph or service).
/// </summary>
public sealed class ForecastApiTests
{
    private const string Graph = "shop";
    private const string Route = "/graphs/shop/services/web/forecast";

    private static async Task<StoreHost> WithGraphAsync(Dictionary<string, string>? values = null)
    {
        var host = StoreHost.Start(values);
        var services = new[] { "web", "api" }.Select(name =>
            new NewService(name, ServiceStatus.Pending, Conditional: false, new ServiceArtifact($"oci://registry.local/charts/{name}:1.0.0", "helm", "WOT"), new ServiceResources(1, 1, 10)));
        var graph = new NewGraph(Graph, "shop", JsonSerializer.SerializeToElement(new { id = Graph }), new GraphStrategies("smo-milp", "predictive", new Dictionary<string, double>(), TimeSpan.FromSeconds(30)), [.. services]);
        Assert.True(await host.Factory.Services.GetRequiredService<GraphStore>().TryCreateAsync(graph));
        return host;
    }

    private static string At(TimeSpan fromNow) => (DateTimeOffset.UtcNow + fromNow).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Points(params (TimeSpan FromNow, double Rate)[] points) =>
        string.Join(", ", points.Select(p => $"{{\"at\": \"{At(p.FromNow)}\", \"rate\": {p.Rate.ToString(CultureInfo.InvariantCulture)}}}"));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_pushed_forecast_is_stored_whole_replacing_the_one_before_and_read_back()
    {
        await using var host = await WithGraphAsync();
        var first = await host.Client.PutAsync(Route, Json($$"""{"points": [{{Points((TimeSpan.FromMinutes(-1), 10), (TimeSpan.FromMinutes(5), 30))}}], "source": "planner"}"""));

        var second = await host.Client.PutAsync(Route, Json($$"""{"points": [{{Points((TimeSpan.FromMinutes(1), 7), (TimeSpan.FromMinutes(2), 8), (TimeSpan.FromMinutes(3), 9))}}]}"""));
        var read = await host.Client.GetAsync(Route);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var summary = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, "web"), (summary.GetProperty("points").GetInt32(), summary.GetProperty("service").GetString()));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([7.0, 8.0, 9.0], stored.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("rate").GetDouble()));
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("source").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/graphs/shop/services/api/forecast")).StatusCode);
    }

    [Fact]
    public async Task Bad_forecasts_are_refused_saying_where_and_why_and_store_nothing()
    {
        await using var host = await WithGraphAsync();
        var ahead = TimeSpan.FromMinutes(5);
        (string Body, string Where, string Why)[] cases =
        [
            ("", "body", "The body must be a JSON object"),
            ("[1]", "body", "The body must be a JSON object"),
            ("""{"points": []}""", "body.points", "non-empty JSON array"),
            ("""{"source": "x"}""", "body.points", "non-empty JSON array"),
            ($$"""{"points": [{{Points((ahead, 1))}}], "extra": 1}""", "body.extra", "'extra' is not a field of a forecast"),
            ($$"""{"points": [{{Points((ahead, 1))}}], "source": 5}""", "body.source", "The source must be a string of 1 to 200 characters."),
            ($$"""{"points": [{{Points((ahead, 1))}}], "source": "{{new string('s', 201)}}"}""", "body.source", "1 to 200 characters"),
            ($$"""{"points": [{{Points((ahead, -1))}}]}""", "body.points[0].rate", "'rate' must be a number of requests per second from 0 to 1000000000; it is -1."),
            ($$"""{"points": [{"at": "{{At(ahead)}}", "rate": 1e400}]}""", "body.points[0].rate", "from 0 to 1000000000"),
            ($$"""{"points": [{"at": "{{At(ahead)}}", "rate": "5"}]}""", "body.points[0].rate", "from 0 to 1000000000"),
            ($$"""{"points": [{"at": "{{At(ahead)}}"}]}""", "body.points[0]", "lacks 'rate'"),
            ($$"""{"points": [{"at": "{{At(ahead)}}", "rate": 1, "rate": 2}]}""", "body.points[0].rate", "'rate' is given twice."),
            ("""{"points": [{"at": "2026-03-01T12:00:00", "rate": 1}]}""", "body.points[0].at", "RFC 3339 time with its offset"),
            ("""{"points": [{"at": "tomorrow", "rate": 1}]}""", "body.points[0].at", "RFC 3339 time with its offset"),
            ("""{"points": [{"at": 1772366400, "rate": 1}]}""", "body.points[0].at", "RFC 3339 time with its offset"),
            ($$"""{"points": [{{Points((ahead, 1), (ahead, 2))}}]}""", "body.points[1].at", "times must increase strictly"),
            ($$"""{"points": [{{Points((TimeSpan.FromMinutes(6), 1), (ahead, 2))}}]}""", "body.points[1].at", "times must increase strictly"),
            ($$"""{"points": [{{Points((TimeSpan.FromMinutes(-10), 1), (TimeSpan.FromMinutes(-5), 2))}}]}""", "body.points", "Every point is in the past"),
            ($$"""{"points": [{{Points((ahead, 1), (TimeSpan.FromDays(15), 2))}}]}""", "body.points[1].at", "further ahead than 14 days from now (Smo:Forecasting:MaxPushedAhead)"),
            ("""{"points": [1]}""", "body.points[0]", "A point must be a JSON object"),
            ("""{"points": }""", "body (line 1, byte 12)", "not valid JSON"),
        ];

        foreach (var (body, where, why) in cases)
        {
            var refused = await host.Client.PutAsync(Route, Json(body));

            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(where == problem.GetProperty("where").GetString(), $"{body}: {problem}");
            Assert.Contains(why, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Null(await host.Factory.Services.GetRequiredService<PushedForecasts>().GetAsync(Graph, "web"));
    }

    [Fact]
    public async Task More_points_than_allowed_are_refused_and_a_body_beyond_their_size_is_too_large()
    {
        await using var host = await WithGraphAsync(new Dictionary<string, string> { ["Smo__Forecasting__MaxPushedPoints"] = "3" });
        var four = Points([.. Enumerable.Range(1, 4).Select(i => (TimeSpan.FromMinutes(i), 1.0))]);

        var tooMany = await host.Client.PutAsync(Route, Json($$"""{"points": [{{four}}]}"""));
        var huge = await host.Client.PutAsync(Route, Json($$"""{"points": [{{Points((TimeSpan.FromMinutes(1), 1))}}], "source": "x"{{new string(' ', 2_000)}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 3 are allowed", (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Theory]
    [InlineData("/graphs/nothing/services/web/forecast")]
    [InlineData("/graphs/shop/services/nothing/forecast")]
    [InlineData("/graphs/shop/services/Not%20A%20Service/forecast")]
    public async Task A_forecast_for_a_graph_or_service_that_does_not_exist_is_not_found(string path)
    {
        await using var host = await WithGraphAsync();

        var put = await host.Client.PutAsync(path, Json($$"""{"points": [{{Points((TimeSpan.FromMinutes(1), 1))}}]}"""));
        var get = await host.Client.GetAsync(path);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (put.StatusCode, get.StatusCode));
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Forecasts_need_a_key_and_a_project_key_reaches_only_its_projects_graphs()
    {
        await using var host = await WithGraphAsync(new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["Smo__Keys__Projects__shop"] = "key-of-shop",
            ["Smo__Keys__Projects__lab"] = "key-of-lab",
        });
        var body = $$"""{"points": [{{Points((TimeSpan.FromMinutes(1), 1))}}]}""";
        using var shop = host.Factory.CreateClientWithKey("key-of-shop");
        using var lab = host.Factory.CreateClientWithKey("key-of-lab");

        var anonymous = await host.Client.PutAsync(Route, Json(body));
        var other = await lab.PutAsync(Route, Json(body));
        var otherRead = await lab.GetAsync(Route);
        var own = await shop.PutAsync(Route, Json(body));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (other.StatusCode, otherRead.StatusCode));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }
}
