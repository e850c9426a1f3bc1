using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smo.Bench.Elasticity;

/// <summary>The scrape interval of the Prometheus the host reads rates from: how soon a load step can show at all.</summary>
internal static partial class PrometheusSettings
{
    public static async Task<TimeSpan> ReadScrapeIntervalAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var answer = await http.GetFromJsonAsync<JsonElement>("/api/v1/status/config", cancellationToken);
        var yaml = answer.GetProperty("data").GetProperty("yaml").GetString() ?? "";
        // The first scrape_interval of the loaded configuration is the global one (Prometheus writes it first).
        var match = ScrapeInterval().Match(yaml);
        return match.Success
            ? Duration(match.Groups["value"].Value, match.Groups["unit"].Value)
            : throw new InvalidOperationException("Prometheus's configuration has no scrape_interval.");
    }

    /// <summary>
    /// Waits until Prometheus answers a request rate above zero for <paramref name="service"/>: a freshly started
    /// Prometheus has no samples yet, and a calibration that ran then would learn the replicas of no load.
    /// </summary>
    public static async Task<bool> WaitForRateAsync(HttpClient http, string service, TimeSpan window, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var query = $"sum(rate(flask_http_request_total{{service=\"{service}\"}}[{Math.Max(1, (int)window.TotalSeconds)}s]))";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken);
            var result = answer.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() > 0
                && double.TryParse(result[0].GetProperty("value")[1].GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seen)
                && seen > 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return false;
    }

    private static TimeSpan Duration(string value, string unit)
    {
        var number = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => throw new InvalidOperationException($"Unexpected scrape_interval unit '{unit}'."),
        };
    }

    [GeneratedRegex(@"scrape_interval:\s*(?<value>\d+)(?<unit>ms|s|m)\b")]
    private static partial Regex ScrapeInterval();
}
