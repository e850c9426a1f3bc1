using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Smo.Functions.Graphs.Translation;
using Smo.Kpi.Replay;
using Smo.Kpi.Report;
using Smo.Kpi.Scenarios;
using Smo.Kpi.Series;
using Smo.Kpi.Strategies;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;

namespace Smo.Kpi.Tests;

/// <summary>The report of a short replay: self-contained, escaped, and drawn — checked in Debian's headless Chromium.</summary>
public sealed partial class ReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("smo-kpi-report-").FullName;

    private static string Chromium => Environment.GetEnvironmentVariable("SMO_CHROMIUM") ?? "/usr/bin/chromium";

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Two services on two clusters for six hours, the five strategies (predictive ones on a last-value double).</summary>
    private static ScenarioOutcome ShortReplay(string name = "short")
    {
        var scenario = Scenarios.Of(TimeSpan.FromHours(6),
            [
                Scenarios.Service("web", new TimeSeries(-3600, 60, SyntheticSeries.Load(1, 60, 7 * 60, 0.6)).ScaledToPeak(80)),
                Scenarios.Service("api", new TimeSeries(-3600, 60, SyntheticSeries.Load(2, 60, 7 * 60, 0.6)).ScaledToPeak(40), cpu: 1),
            ],
            Scenarios.Cluster("de", cpu: 8) with { Carbon = new TimeSeries(-3600, 900, SyntheticSeries.Carbon(3, 900, 40, 300, 100)) },
            Scenarios.Cluster("fr", cpu: 8) with { Carbon = new TimeSeries(-3600, 900, SyntheticSeries.Carbon(4, 900, 40, 60, 20)) })
            with { Name = name };
        IRateForecaster forecaster = new LastValueForecaster();
        var strategies = KpiStrategies.Compared(forecaster, "last-value");
        return new KpiRun(new GraphDefaults(), StrategyRegistry.Builtin(), ReplayOptions.Default).Run(scenario, strategies);
    }

    [Fact]
    public void Render_encodes_every_name_it_writes()
    {
        var outcome = ShortReplay("<script>alert(1)</script>");

        var html = HtmlReport.Render([outcome], "a <b>machine</b>", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>machine", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_refers_to_no_external_file()
    {
        var html = HtmlReport.Render([ShortReplay()], "machine", DateTimeOffset.UnixEpoch);

        Assert.DoesNotMatch(ExternalReference(), html);
    }

    [Fact]
    public async Task Report_opens_in_a_browser_without_errors_and_draws_every_chart()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: scripts/test.sh installs it (apt-get install chromium), or set SMO_CHROMIUM.");
        var outcome = ShortReplay();
        var path = Path.Combine(_directory, "kpi", "report.html");
        HtmlReport.Write(path, [outcome], "test machine", DateTimeOffset.UnixEpoch);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(new Uri(path).AbsoluteUri);

        var section = page.Locator("section.scenario[data-scenario='short']");
        await Assertions.Expect(section.Locator("table.kpis th[data-strategy]")).ToHaveCountAsync(outcome.Results.Count);
        var charts = section.Locator("svg.chart");
        Assert.Equal(5, await charts.CountAsync());
        foreach (var chart in await section.Locator("svg.chart:not(.strip)").AllAsync())
        {
            var lines = await chart.Locator("polyline").AllAsync();
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                var points = (await line.GetAttributeAsync("points"))!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(points.Length > 10, $"a line of '{await chart.GetAttributeAsync("aria-label")}' has {points.Length} points");
                var box = await line.BoundingBoxAsync();
                Assert.True(box is { Width: > 100 }, "the line is drawn across the chart");
            }
        }

        // Each strategy's two services have at least one stretch on a cluster.
        Assert.True(await section.Locator("svg.strip rect[data-cluster]").CountAsync() >= outcome.Results.Count * 2);
        Assert.True(errors.Count == 0, $"errors in the page: {string.Join(" | ", errors)}");
        Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
    }

    [GeneratedRegex("""(src|href)\s*=\s*["']?(https?:|//)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    /// <summary>Says the last rate of the history will hold: enough to drive the predictive strategies through the report.</summary>
    private sealed class LastValueForecaster : IRateForecaster
    {
        public RateForecast? Forecast(RateHistory history, TimeSpan horizon) =>
            history.Values.Count == 0 ? null : new RateForecast(history.Values[^1], history.Values[^1] * 1.1, "last-value", history.End + horizon);
    }
}
