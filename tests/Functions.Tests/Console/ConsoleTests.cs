using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.Console;

/// <summary>
/// The web console in a real headless Chromium (Debian's, installed by scripts/test.sh) against the whole control
/// plane on a real port: clusters and graphs listed, a graph's placement, replicas, why each service runs where it
/// does, decisions and events shown, a re-placement previewed and a stop carried out — with no error in the page.
/// </summary>
public sealed class ConsoleTests
{
    private const string Graph = "shop-demo";

    private static string Chromium => Environment.GetEnvironmentVariable("SMO_CHROMIUM") ?? "/usr/bin/chromium";

    [Fact]
    public async Task The_console_shows_the_federation_and_a_graph_and_drives_it()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: scripts/test.sh installs it (apt-get install chromium), or set SMO_CHROMIUM.");
        await using var host = await ControlPlaneHost.StartAsync(listening: true);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // Without the trailing slash, as people type it.
        await page.GotoAsync(new Uri(host.Address, "/console").ToString());
        var clusters = page.Locator("#cluster-table tbody tr");
        await Assertions.Expect(clusters).ToHaveCountAsync(3);
        await Assertions.Expect(clusters.First).ToContainTextAsync("member1");
        var graphRow = page.Locator($"#graph-table tbody tr[data-graph='{Graph}']");
        await Assertions.Expect(graphRow).ToContainTextAsync("Running");
        await Assertions.Expect(graphRow.Locator("td").Nth(3)).ToHaveTextAsync("3");

        await graphRow.ClickAsync();
        await Assertions.Expect(page.Locator("#graph-title")).ToHaveTextAsync($"Graph {Graph}");
        await Assertions.Expect(page.Locator("#placement .cluster[data-cluster='member2']")).ToContainTextAsync("shop-web: 1 replica(s)");
        await Assertions.Expect(page.Locator("#service-table tbody tr")).ToHaveCountAsync(3);
        var whyHere = (await host.GraphAsync(Graph)).GetProperty("services").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "shop-web").GetProperty("why").GetProperty("whyHere").GetString()!;
        Assert.StartsWith("member2: ", whyHere, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#service-table tbody tr[data-service='shop-web'] td.why")).ToHaveTextAsync(whyHere);
        await Assertions.Expect(page.Locator("#decision-table tbody")).ToContainTextAsync("Placement");
        await Assertions.Expect(page.Locator("#event-table tbody")).ToContainTextAsync("deployed");
        await Assertions.Expect(page.Locator("#replicas-chart polyline[data-service='shop-web']")).ToHaveCountAsync(1);

        await page.ClickAsync("button[data-action='preview']");
        await Assertions.Expect(page.Locator("#plan")).ToContainTextAsync("No service moves.");
        await Assertions.Expect(page.Locator("#plan")).ToContainTextAsync("Nothing was changed (dry run).");

        await page.ClickAsync("button[data-action='stop']");
        await Assertions.Expect(page.Locator("#action-result")).ToContainTextAsync("Stop accepted");
        await Assertions.Expect(page.Locator("#graph-summary")).ToContainTextAsync("Stopped", new() { Timeout = 30_000 });
        Assert.Empty(await host.DeploymentsAsync("shop"));
        Assert.True(errors.Count == 0, $"errors in the page: {string.Join(" | ", errors)}");
    }

    [Fact]
    public async Task With_keys_the_console_takes_its_key_from_the_address_once_and_sends_it_only_in_a_header()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: scripts/test.sh installs it (apt-get install chromium), or set SMO_CHROMIUM.");
        const string key = "console-master-key";
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Keys__Master"] = key }, listening: true);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var requests = new List<IRequest>();
        page.Request += (_, request) => requests.Add(request);

        await page.GotoAsync(new Uri(host.Address, $"/console/#key={key}").ToString());
        await Assertions.Expect(page.Locator("#cluster-table tbody tr")).ToHaveCountAsync(3);
        // A reload keeps the key for this tab without it in the address.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#cluster-table tbody tr")).ToHaveCountAsync(3);

        Assert.DoesNotContain(key, page.Url, StringComparison.Ordinal);
        var apiCalls = requests.Where(r => r.Url.Contains("/clusters", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiCalls);
        Assert.All(apiCalls, r => Assert.DoesNotContain(key, r.Url, StringComparison.Ordinal));
        Assert.All(apiCalls, r => Assert.Equal($"Bearer {key}", r.Headers["authorization"]));
    }

    [Fact]
    public async Task The_replicas_chart_draws_the_recorded_history_with_axes_and_load_and_keeps_it_over_a_reload()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: scripts/test.sh installs it (apt-get install chromium), or set SMO_CHROMIUM.");
        await using var host = await ControlPlaneHost.StartAsync(listening: true);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        // Scaling decisions as a tick records them (no Prometheus data here, so no tick decides): up to 6 under
        // 120 req/s, back to 1 — before the page is opened, so only the recorded history can show them.
        var decisions = host.Factory.Services.GetRequiredService<DecisionLog>();
        foreach (var (rate, replicas) in new[] { (40.0, 2), (120.0, 6), (10.0, 1) })
        {
            await decisions.AppendAsync(Scaling("shop-web", rate, replicas));
            await Task.Delay(200);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(host.Address, $"/console/#/graphs/{Graph}").ToString());

        foreach (var visit in new[] { "first", "after a reload" })
        {
            var legend = page.Locator("#replicas-legend");
            await Assertions.Expect(legend).ToContainTextAsync("shop-web (now 1, max 6; load now 10 req/s");
            // Placement's 1, then 2, 6 and 1.
            await Assertions.Expect(page.Locator("#replicas-chart polyline.replicas[data-service='shop-web']")).ToHaveAttributeAsync("data-points", "4");
            await Assertions.Expect(page.Locator("#replicas-chart polyline.load[data-service='shop-web']")).ToHaveCountAsync(1);
            Assert.True(await page.Locator("#replicas-chart .axis-time text:not(.title)").CountAsync() >= 2, $"time ticks ({visit})");
            Assert.Contains("6", await page.Locator("#replicas-chart .axis-replicas text:not(.title)").AllTextContentsAsync());
            // Round ticks up to the first at or above the highest load, 120 req/s.
            Assert.Equal(["0", "50", "100", "150"], await page.Locator("#replicas-chart .axis-load text:not(.title)").AllTextContentsAsync());
            Assert.Equal(["time (UTC)", "replicas", "req/s"], await page.Locator("#replicas-chart .axis text.title").AllTextContentsAsync());
            await page.ReloadAsync();
        }

        Assert.True(errors.Count == 0, $"errors in the page: {string.Join(" | ", errors)}");
    }

    /// <summary>A single-cluster scaling decision of one service, in the shape the scaling activity records.</summary>
    [Fact]
    public async Task A_degraded_graph_shows_on_its_page_which_service_a_failed_cluster_holds_since_when_and_why()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: scripts/test.sh installs it (apt-get install chromium), or set SMO_CHROMIUM.");
        const string pinned = "pinned-console";
        await using var host = await ControlPlaneHost.StartAsync(listening: true, scenario: DegradedTests.Scenario);
        await DegradedTests.DeployAsync(host, pinned, DegradedTests.Pinned(pinned, "m1"));
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        await DegradedTests.FailAsync(simulator, "m1");
        var graph = await host.UntilGraphAsync(pinned, g => g.GetProperty("status").GetString() == "Degraded", "the graph is degraded", seconds: 45);
        var since = graph.GetProperty("degraded")[0].GetProperty("since").GetDateTimeOffset().UtcDateTime;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(host.Address, "/console/").ToString());
        await Assertions.Expect(page.Locator($"#graph-table tbody tr[data-graph='{pinned}'] td.status-Degraded")).ToHaveTextAsync("Degraded");
        await page.GotoAsync(new Uri(host.Address, $"/console/#/graphs/{pinned}").ToString());

        await Assertions.Expect(page.Locator("#graph-summary")).ToContainTextAsync("Degraded");
        await Assertions.Expect(page.Locator("#degraded")).ToBeVisibleAsync();
        var row = page.Locator("#degraded-table tbody tr[data-service='front'] td");
        await Assertions.Expect(row).ToHaveCountAsync(4);
        Assert.Equal(["front", "m1", since.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)], (await row.AllTextContentsAsync()).Take(3));
        await Assertions.Expect(row.Nth(3)).ToContainTextAsync("pinned to m1 (clustersAffinity)");
        await Assertions.Expect(page.Locator("#degraded-table tbody tr")).ToHaveCountAsync(1);
        Assert.True(errors.Count == 0, $"errors in the page: {string.Join(" | ", errors)}");
    }

    private static NewDecision Scaling(string service, double rate, int replicas) => new(
        Graph, DecisionKind.Scaling, "smo-milp", DecisionTrigger.Tick,
        JsonSerializer.SerializeToElement(new { services = new[] { new { name = service, cpuPerReplica = 0.5, requestRate = rate, currentReplicas = 1, alpha = 20, beta = 0 } }, cpuCapacity = 8 }),
        JsonSerializer.SerializeToElement(new { replicas = new Dictionary<string, int> { [service] = replicas }, replicasByCluster = (object?)null, overloads = Array.Empty<object>() }),
        new Dictionary<string, double>(), DecisionStatus.Optimal, $"{service}: {replicas} replica(s) for {rate} req/s.", TimeSpan.FromMilliseconds(2));

    /// <summary>Debian's Chromium, headless, as the tests drive it.</summary>
    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
}
