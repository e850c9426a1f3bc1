using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Smo.Functions.Telemetry;

namespace Smo.Functions.Tests.Telemetry;

/// <summary>
/// The Grafana dashboard for Smo itself (<c>deploy/grafana/smo-dashboard.json</c>): every query parses in Prometheus's
/// own parser (<c>promtool check rules</c>), names only the families <c>/metrics</c> exposes, and every family is shown.
/// </summary>
public sealed partial class SmoDashboardTests
{
    private const string Promtool = "/usr/bin/promtool";

    private static readonly HashSet<string> NotMetricNames = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
    };

    [Fact]
    public async Task Every_query_of_the_dashboard_parses_in_promtool()
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: apt-get install prometheus (ENVIRONMENT.md)");
        var directory = Directory.CreateTempSubdirectory("smo-dashboard-").FullName;
        var rules = Path.Combine(directory, "dashboard.yml");
        var yaml = new StringBuilder("groups:\n  - name: smo-dashboard\n    rules:\n");
        foreach (var (expr, i) in Queries().Select((e, i) => (e, i)))
        {
            // A JSON string is a YAML double-quoted scalar.
            yaml.Append($"      - record: smo_dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(expr)}\n");
        }

        await File.WriteAllTextAsync(rules, yaml.ToString());

        try
        {
            var (exitCode, output) = await RunAsync(Promtool, "check", "rules", rules);

            Assert.True(exitCode == 0, $"promtool refused a query of the dashboard: {output}");
            Assert.Contains($"SUCCESS: {Queries().Count} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_dashboards_queries_name_only_families_the_host_exposes()
    {
        var exposed = MetricFamilies.Prometheus
            .Concat(MetricFamilies.Histograms.SelectMany(h => new[] { $"{h}_bucket", $"{h}_sum", $"{h}_count" }))
            .ToHashSet(StringComparer.Ordinal);

        var named = Queries().SelectMany(MetricNames).Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, exposed));
    }

    [Fact]
    public void Every_family_the_host_exposes_has_a_panel()
    {
        var named = Queries().SelectMany(MetricNames).Select(Family).ToHashSet(StringComparer.Ordinal);

        Assert.All(MetricFamilies.Prometheus, family => Assert.Contains(family, named));
    }

    [Theory]
    [InlineData("sum by (graph) (rate(smo_scale_actions_total{graph=\"shop\"}[5m])) * 60", new[] { "smo_scale_actions_total" })]
    [InlineData("histogram_quantile(0.95, sum by (le) (rate(smo_solve_duration_seconds_bucket[1h] offset 5m)))", new[] { "smo_solve_duration_seconds_bucket" })]
    [InlineData("up / on(instance) group_left(job) node_load1 > 1e3", new[] { "up", "node_load1" })]
    public void MetricNames_finds_the_metric_names_of_a_query_and_nothing_else(string query, string[] expected)
    {
        var names = MetricNames(query);

        Assert.Equal(expected, names);
    }

    /// <summary>The <c>expr</c> of every target of every panel (rows' panels included).</summary>
    private static IReadOnlyList<string> Queries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "smo-dashboard.json")));
        return [.. Panels(dashboard.RootElement).SelectMany(p => p.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : [])
            .Select(t => t.GetProperty("expr").GetString()!)];
    }

    private static IEnumerable<JsonElement> Panels(JsonElement parent) =>
        parent.TryGetProperty("panels", out var panels) ? panels.EnumerateArray().SelectMany(p => Panels(p).Prepend(p)) : [];

    /// <summary>
    /// The metric names of a query: its identifiers once strings, label matchers, ranges and grouping label lists are
    /// taken out, less function names (followed by '('), keywords and number parts (after a digit or '.').
    /// </summary>
    private static IReadOnlyList<string> MetricNames(string query)
    {
        var bare = Grouping().Replace(Ranges().Replace(Matchers().Replace(Strings().Replace(query, ""), ""), ""), "");
        return [.. Identifiers().Matches(bare).Select(m => m.Value).Where(name => !NotMetricNames.Contains(name))];
    }

    private static string Family(string series) =>
        MetricFamilies.Histograms.FirstOrDefault(h => series.StartsWith(h, StringComparison.Ordinal)) ?? series;

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.:])(?>[a-zA-Z_:][a-zA-Z0-9_:]*)(?!\s*\()")]
    private static partial Regex Identifiers();
}
