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
