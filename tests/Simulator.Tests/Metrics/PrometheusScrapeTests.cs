using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Smo.Simulator.Hosting;
using Smo.Simulator.Scenarios;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Metrics;

/// <summary>Integration: a real Prometheus 2.42 (Debian package) scrapes the simulator and computes the SMO's rate query.</summary>
[Trait("Category", "Integration")]
public sealed class PrometheusScrapeTests
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Prometheus_scrapes_the_simulator_and_rate_of_the_request_counter_is_the_offered_load()
    {
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing: apt-get install prometheus (ENVIRONMENT.md)");
        var scenario = ScenarioParser.Parse(TestScenarios.Yaml(podStartDelay: "0s", webLoad: 12).Replace("clock: manual", "clock: real"), "real-clock scenario");
        await using var host = await SimulatorHost.StartAsync(scenario);
        using var client = new SimulatorClient(host);
        await client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Replicas(2).Json());
        var directory = Directory.CreateTempSubdirectory("smo-prometheus-").FullName;
        var port = FreePort();
        File.WriteAllText(Path.Combine(directory, "prometheus.yml"), $"""
            global: {"{"}scrape_interval: 1s, evaluation_interval: 1s{"}"}
            scrape_configs:
              - job_name: simulator
                static_configs: [{"{"}targets: ["{host.BaseAddress.Authority}"]{"}"}]
            """);
        using var prometheus = Process.Start(new ProcessStartInfo(PrometheusBinary)
        {
            ArgumentList =
            {
                $"--config.file={Path.Combine(directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginErrorReadLine();
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            // The first windows of a new series extrapolate from few samples: wait for the steady rate.
            var rate = await PollAsync(http, "sum(rate(flask_http_request_total{service=\"web\"}[5s])) by (service)", v => v is >= 11 and <= 13);
            var ready = await PollAsync(http, "kube_deployment_status_replicas_ready{deployment=\"web\"}", v => v > 0);

            Assert.InRange(rate, 11, 13);
            Assert.Equal(2, ready);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The query's first sample once it satisfies <paramref name="accept"/> (the first scrape takes 5–6 s).</summary>
    private static async Task<double> PollAsync(HttpClient http, string query, Func<double, bool> accept)
    {
        var deadline = DateTime.UtcNow + Patience;
        double? last = null;
        while (true)
        {
            try
            {
                var body = await http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}");
                var result = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    last = double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    if (accept(last.Value))
                    {
                        return last.Value;
                    }
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Prometheus is still starting.
            }
            Assert.True(DateTime.UtcNow < deadline, $"Prometheus gave no acceptable sample for {query} within {Patience}; last: {last?.ToString() ?? "none"}");
            await Task.Delay(500);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
