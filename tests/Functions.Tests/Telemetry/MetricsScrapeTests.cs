using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Telemetry;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;
using Smo.Solver.Forecasting;

namespace Smo.Functions.Tests.Telemetry;

/// <summary>
/// Integration: the whole control plane deploys, scales and takes an alert on the simulator, and a real Prometheus
/// of the test's own (its config, its port) scrapes the host's <c>/metrics</c> with the scrape key, as the README's
/// scrape config says, and is asked through its HTTP API for every family.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SmoMeterAloneCollection.Name)]
public sealed class MetricsScrapeTests
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private const string Graph = "shop-demo";
    private const string MetricsKey = "metrics-key-for-tests";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prometheus_scraping_the_host_finds_every_family_after_a_deploy_a_scale_up_and_an_alert()
    {
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing: apt-get install prometheus (ENVIRONMENT.md)");
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, listening: true, settings: new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["Smo__Keys__Functions__Metrics"] = MetricsKey,
            ["Smo__Metrics__GaugeRefreshInterval"] = "00:00:01",
        });
        host.Client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHostFactory.MasterKey);
        await ControlPlaneHost.UntilAsync(async () => (await host.Client.GetFromJsonAsync<JsonElement>("/clusters")).GetArrayLength() == 3, "the clusters are synced");
        foreach (var cluster in new[] { "member1", "member2", "member3" })
        {
            await host.SetCarbonAsync(cluster, 300);
        }

        await host.SetLoadAsync("shop-web", 10);
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        await host.SetLoadAsync("shop-web", 130);
        await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, "shop-web") >= 5, "shop-web scales up", seconds: 90);
        var alert = await host.Client.PostAsJsonAsync("/alerts", Webhooks.Firing(Graph, "shop-web-busy", "image-check"));
        Assert.Equal(HttpStatusCode.OK, alert.StatusCode);
        // A forecast error needs a predictive graph whose forecast's time has come (minutes of history: PredictiveScalingTests);
        // here the family is recorded as the tick records it, to see it exported.
        host.Factory.Services.GetRequiredService<SmoMetrics>().RecordForecastError(ForecastMethods.HoltWinters, 1.5);

        await using var prometheus = await OwnPrometheus.StartAsync(host.Address, MetricsKey);
        var missing = await prometheus.UntilAllPresentAsync(MetricFamilies.Prometheus.Select(Series).ToList(), Patience);

        Assert.True(missing.Count == 0, $"Prometheus has no {string.Join(", ", missing)}; its scrape of the host: {await prometheus.TargetAsync()}; "
            + $"the host's gauges: {string.Join(" | ", host.Factory.Logs.Where(line => line.Contains("gauge", StringComparison.Ordinal)))}");
    }

    /// <summary>The series Prometheus stores for a family: a histogram's <c>_count</c>, the family itself otherwise.</summary>
    private static string Series(string family) => MetricFamilies.Histograms.Contains(family) ? $"{family}_count" : family;

    /// <summary>A Prometheus of the test's own, scraping only the host, with the scrape key as a bearer token.</summary>
    private sealed class OwnPrometheus : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;
        private readonly HttpClient _http;

        private OwnPrometheus(Process process, string directory, int port)
        {
            _process = process;
            _directory = directory;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        }

        public static Task<OwnPrometheus> StartAsync(Uri target, string key)
        {
            var directory = Directory.CreateTempSubdirectory("smo-metrics-prometheus-").FullName;
            var port = FreePort();
            File.WriteAllText(Path.Combine(directory, "prometheus.yml"), $"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: smo
                    metrics_path: {MetricsEndpoint.Path}
                    authorization:
                      type: Bearer
                      credentials: {key}
                    static_configs:
                      - targets: ["{target.Authority}"]
                """);
            var process = Process.Start(new ProcessStartInfo(PrometheusBinary)
            {
                ArgumentList =
                {
                    $"--config.file={Path.Combine(directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                    $"--web.listen-address=127.0.0.1:{port}",
                },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            return Task.FromResult(new OwnPrometheus(process, directory, port));
        }

        /// <summary>Polls until Prometheus has a sample of every series; returns those it still lacks at the deadline.</summary>
        public async Task<IReadOnlyList<string>> UntilAllPresentAsync(IReadOnlyList<string> series, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            var missing = series.ToList();
            while (true)
            {
                missing = [.. await WhereAsync(missing, async name => !await PresentAsync(name))];
                if (missing.Count == 0 || DateTime.UtcNow > deadline)
                {
                    return missing;
                }

                await Task.Delay(500);
            }
        }

        /// <summary>The health and last error of Prometheus's scrape of the host, as its targets API gives them.</summary>
        public async Task<string> TargetAsync()
        {
            var targets = await _http.GetFromJsonAsync<JsonElement>("/api/v1/targets");
            return string.Join("; ", targets.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Select(t => $"{t.GetProperty("health").GetString()} {t.GetProperty("lastError").GetString()} ({t.GetProperty("lastScrapeDuration").GetDouble()} s)"));
        }

        private async Task<bool> PresentAsync(string series)
        {
            try
            {
                var body = await _http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString($"count({series}{{job=\"smo\"}})")}");
                var result = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("result");
                return result.GetArrayLength() > 0
                    && double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) > 0;
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
                return false;
            }
        }

        private static async Task<IEnumerable<string>> WhereAsync(IEnumerable<string> items, Func<string, Task<bool>> keep)
        {
            var kept = new List<string>();
            foreach (var item in items)
            {
                if (await keep(item))
                {
                    kept.Add(item);
                }
            }

            return kept;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
