using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// A /metrics endpoint in the text exposition format, registered with the real Prometheus as a file_sd target.
/// Each service's <c>flask_http_request_total</c> grows at its own steady rate, so Prometheus's rate() sees it; a
/// service is named with its namespace (<c>namespace/service</c>) or, without a slash, is in <see cref="Namespace"/>.
/// </summary>
public sealed class ScrapedMetrics : IAsyncDisposable
{
    public const string Namespace = "adapters-tests";

    private readonly Dictionary<string, double> _ratePerSecond;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private InTestServer _server = null!;
    private string _targetFile = null!;

    private ScrapedMetrics(Dictionary<string, double> ratePerSecond) => _ratePerSecond = ratePerSecond;

    public static async Task<ScrapedMetrics> StartAsync(Dictionary<string, double> ratePerSecond)
    {
        var metrics = new ScrapedMetrics(ratePerSecond);
        metrics._server = await InTestServer.StartAsync(app => app.MapGet("/metrics", () => Results.Text(metrics.Exposition(), "text/plain; version=0.0.4; charset=utf-8")));
        var (_, targets) = await LocalServices.PrometheusDirectoriesAsync();
        metrics._targetFile = Path.Combine(targets, $"adapters-{Guid.NewGuid():N}.json");
        var target = new[] { new { targets = new[] { metrics._server.Authority }, labels = new Dictionary<string, string> { ["test"] = "adapters" } } };
        await File.WriteAllTextAsync(metrics._targetFile + ".tmp", JsonSerializer.Serialize(target));
        // Renamed into place so Prometheus never reads a half-written file.
        File.Move(metrics._targetFile + ".tmp", metrics._targetFile);
        return metrics;
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(_targetFile);
        await _server.DisposeAsync();
    }

    private string Exposition()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var text = new StringBuilder()
            .Append("# HELP flask_http_request_total Total number of HTTP requests\n")
            .Append("# TYPE flask_http_request_total counter\n");
        foreach (var (name, rate) in _ratePerSecond)
        {
            var (ns, service) = name.Split('/', 2) is [var first, var second] ? (first, second) : (Namespace, name);
            text.Append(CultureInfo.InvariantCulture,
                $"flask_http_request_total{{method=\"GET\",namespace=\"{ns}\",status=\"200\",service=\"{service}\"}} {Math.Floor(100 + rate * seconds)}\n");
        }

        return text.ToString();
    }
}
