using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Energy and carbon that move: a cluster's carbon series set through the API and pulled from the real Prometheus
/// scraping the simulator, and an energy-aware graph re-placed when its clusters' carbon changes — once, since a
/// service that has just moved dwells where it is.
/// </summary>
public sealed class CarbonTests
{
    private const string Project = "green";
    private const string Graph = "green-demo";

    private const string Descriptor = """
        hdaGraph:
          imVersion: 0.4.0
          id: green-demo
          version: "1.0.0"
          designer: Smo tests
          description: One batch service that follows the clean grid.
          hdaGraphIntent: { useStaticPlacement: false }
          placementStrategy: energy-aware
          scalingInterval: 1s
          services:
            - id: batch
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: small, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/shop-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {}
              scaling: { alpha: 10, beta: 0, minReplicas: 1, maxReplicas: 4 }
        """;

    private static string Scenario(string a, string b, double carbonA = 200, double carbonB = 200) => $$"""
        name: carbon
        simulation: { tick: 1s, podStartDelay: 1s, clock: real }
        clusters:
          - {name: {{a}}, region: r-a, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {{carbonA}}}
          - {name: {{b}}, region: r-b, cpu: 16, memory: 64Gi, nodes: 1, energy: {pue: 1.3, idleWattsPerCore: 4, maxWattsPerCore: 12}, carbonIntensity: {{carbonB}}}
        """;

    [Fact]
    public async Task A_carbon_series_round_trips_through_the_api_and_bad_series_are_refused_with_where()
    {
        await using var host = await ControlPlaneHost.StartAsync(scenario: Scenario("series-a", "series-b"));
        await host.Client.GetAsync("/clusters");
        var profile = """
            {"pue": 1.3, "idleWattsPerCore": 4, "maxWattsPerCore": 12, "carbonGramsPerKWh": 300, "carbonForecast": [280],
             "carbonSeries": [{"at": "2025-06-01T12:00:00Z", "gramsPerKWh": 250}, {"at": "2025-06-01T13:00:00Z", "gramsPerKWh": 120.5}]}
            """;

        var put = await PutProfileAsync(host, "series-a", profile);
        var backwards = await PutProfileAsync(host, "series-a", profile.Replace("13:00:00Z", "11:00:00Z", StringComparison.Ordinal));
        var negative = await PutProfileAsync(host, "series-a", profile.Replace("120.5", "-1", StringComparison.Ordinal));
        var tooMany = await PutProfileAsync(host, "series-a", $$"""{"pue": 1.3, "idleWattsPerCore": 4, "maxWattsPerCore": 12, "carbonGramsPerKWh": 300, "carbonSeries": [{{string.Join(",",
            Enumerable.Range(0, 501).Select(i => $$"""{"at": "{{new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i):O}}", "gramsPerKWh": 100}"""))}}]}""");
        var notATime = await PutProfileAsync(host, "series-a", profile.Replace("2025-06-01T12:00:00Z", "noon", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var series = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("energyProfile").GetProperty("carbonSeries");
        Assert.Equal([250, 120.5], series.EnumerateArray().Select(p => p.GetProperty("gramsPerKWh").GetDouble()));
        Assert.Equal(DateTimeOffset.Parse("2025-06-01T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture), series[1].GetProperty("at").GetDateTimeOffset());
        await AssertRefusedAsync(backwards, "body", "times must increase");
        await AssertRefusedAsync(negative, "body", "carbon series[1].gramsPerKWh is -1");
        await AssertRefusedAsync(tooMany, "body", "has 501 points; at most 500");
        await AssertRefusedAsync(notATime, "$.carbonSeries[0].at", "carbonSeries: [{at, gramsPerKWh}]");
        var stored = (await host.Client.GetFromJsonAsync<JsonElement>("/clusters")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "series-a");
        Assert.Equal(2, stored.GetProperty("energyProfile").GetProperty("carbonSeries").GetArrayLength());
    }

    [Fact]
    public async Task The_pull_reads_each_clusters_intensity_and_forecast_from_the_real_prometheus_scraping_the_simulator()
    {
        // Cluster names of this test only: the shared Prometheus may scrape other tests' simulators.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (a, b) = ($"pull-a-{suffix}", $"pull-b-{suffix}");
        var selector = $"smo_carbon_intensity_grams_per_kwh{{cluster=~\"{a}|{b}\"}}";
        // The forecast form: a forecast_minutes label (here made up by PromQL: twice now, an hour ahead).
        var query = $"{selector} or label_replace({selector} * 2, \"forecast_minutes\", \"60\", \"\", \"\")";
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, new Dictionary<string, string>
        {
            ["Smo__Carbon__Query"] = query,
            ["Smo__Carbon__PullInterval"] = "00:00:02",
        }, scenario: Scenario(a, b, carbonA: 420, carbonB: 35));
        await host.Client.GetAsync("/clusters");
        await host.SetCarbonAsync(a, 999);

        JsonElement pulled = default;
        await ControlPlaneHost.UntilAsync(async () =>
        {
            var clusters = await host.Client.GetFromJsonAsync<JsonElement>("/clusters");
            pulled = clusters.EnumerateArray().Single(c => c.GetProperty("name").GetString() == a).GetProperty("energyProfile");
            return pulled.GetProperty("carbonGramsPerKWh").GetDouble() == 420 && pulled.GetProperty("carbonSeries").GetArrayLength() >= 2;
        }, "the pull brings the simulator's 420 gCO2/kWh into the profile", seconds: 60);

        var points = pulled.GetProperty("carbonSeries").EnumerateArray().Select(p => (At: p.GetProperty("at").GetDateTimeOffset(), Grams: p.GetProperty("gramsPerKWh").GetDouble())).ToList();
        var now = points.Last(p => p.Grams == 420);
        Assert.Contains((now.At.AddMinutes(60), 840.0), points);
        Assert.Equal(1.3, pulled.GetProperty("pue").GetDouble()); // the rest of the profile is the operator's
        var other = (await host.Client.GetFromJsonAsync<JsonElement>("/clusters")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == b);
        Assert.Equal(JsonValueKind.Null, other.GetProperty("energyProfile").ValueKind); // no profile: nothing to weigh carbon with
    }

    [Fact]
    public async Task A_carbon_change_moves_an_energy_aware_graph_to_the_cleaner_cluster_once_and_a_swing_back_within_the_dwell_does_not()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Smo__Carbon__Query"] = "",
            ["Smo__Carbon__ReoptimiseCooldown"] = "00:00:00",
        }, scenario: Scenario("grid-a", "grid-b"));
        await host.Client.GetAsync("/clusters");
        await PutCarbonAsync(host, "grid-a", 100);
        await PutCarbonAsync(host, "grid-b", 500);
        var deploy = await host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(Descriptor));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        Assert.Equal("grid-a", (await host.DeploymentsAsync(Project))["batch"]);
        // Carbon weighs far more than a move here, so the test is about when Smo asks, not whether the move pays.
        (await host.Client.PutAsync($"/graphs/{Graph}/weights", new StringContent("""{"carbon": 100000}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        await PutCarbonAsync(host, "grid-b", 50);

        var moved = await host.UntilGraphAsync(Graph, g => Reoptimised(g).Any(m => m.Contains("moved batch", StringComparison.Ordinal)), "a reoptimised event that moved batch");
        var first = Reoptimised(moved).Single();
        Assert.Contains("The expected carbon intensity of grid-b changed from 500 to 50 gCO2/kWh (−90%)", first, StringComparison.Ordinal);
        await ControlPlaneHost.UntilAsync(async () => (await host.DeploymentsAsync(Project))["batch"] == "grid-b", "batch runs on grid-b");

        // The grid swings back within the dwell: asked again, the re-placement keeps batch where it just moved.
        await PutCarbonAsync(host, "grid-a", 10);

        var kept = await host.UntilGraphAsync(Graph, g => Reoptimised(g).Count == 2, "a second reoptimised event");
        var second = Reoptimised(kept).First(m => m != first);
        Assert.Contains("nothing moves", second, StringComparison.Ordinal);
        Assert.Contains("(minimum dwell): batch", second, StringComparison.Ordinal);
        Assert.Equal("grid-b", (await host.DeploymentsAsync(Project))["batch"]);
    }

    private static List<string> Reoptimised(JsonElement graph) =>
        [.. graph.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "reoptimised").Select(e => e.GetProperty("message").GetString()!)];

    private static Task PutCarbonAsync(ControlPlaneHost host, string cluster, double grams) =>
        PutProfileAsync(host, cluster, $$"""{"pue": 1.3, "idleWattsPerCore": 4, "maxWattsPerCore": 12, "carbonGramsPerKWh": {{grams}}}""")
            .ContinueWith(put => put.Result.EnsureSuccessStatusCode(), TaskScheduler.Default);

    private static Task<HttpResponseMessage> PutProfileAsync(ControlPlaneHost host, string cluster, string json) =>
        host.Client.PutAsync($"/clusters/{cluster}/energy_profile", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string where, string why)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(where, problem.GetProperty("where").GetString());
        Assert.Contains(why, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
