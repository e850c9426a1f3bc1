using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Cli;
using Smo.Functions.Tests.History;
using Smo.Functions.Tests.Infrastructure;
using Smo.Store.Decisions;
using Smo.Store.Events;

namespace Smo.Functions.Tests.Cli;

/// <summary><c>smo graph history</c> against the host: decisions or events as a table or JSON, filtered, the cursor followed.</summary>
public sealed class GraphHistoryCliTests
{
    private const string Graph = "shop";

    [Fact]
    public async Task History_follows_the_cursor_across_pages_up_to_the_limit_newest_first()
    {
        await using var host = await HistoryApiTests.WithGraphAsync();
        var log = host.Factory.Services.GetRequiredService<DecisionLog>();
        for (var i = 0; i < 520; i++)
        {
            await log.AppendAsync(Decision($"decision {i}", DecisionTrigger.Tick));
        }

        var json = await SmoAsync(host, "--json", "graph", "history", Graph, "--limit", "510");

        Assert.True(json.Code == 0, json.Err);
        var answer = JsonDocument.Parse(json.Out).RootElement;
        var reasons = answer.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("reason").GetString()).ToList();
        Assert.Equal(Enumerable.Range(10, 510).Reverse().Select(i => $"decision {i}"), reasons);
        Assert.Equal(JsonValueKind.String, answer.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task History_prints_the_cursor_that_goes_on_after_the_last_row_and_cursor_goes_on_there()
    {
        await using var host = await HistoryApiTests.WithGraphAsync();
        var log = host.Factory.Services.GetRequiredService<DecisionLog>();
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync(Decision($"decision {i}", DecisionTrigger.Tick));
        }

        var first = await SmoAsync(host, "graph", "history", Graph, "--limit", "2");
        var cursor = System.Text.RegularExpressions.Regex.Match(first.Out, @"--cursor (\S+)\)").Groups[1].Value;
        var rest = await SmoAsync(host, "graph", "history", Graph, "--limit", "2", "--cursor", cursor);

        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("2 decision(s); older ones follow (raise --limit, or add --cursor ", first.Out, StringComparison.Ordinal);
        Assert.True(rest.Code == 0, rest.Err);
        Assert.Contains("decision 0", rest.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("decision 1", rest.Out, StringComparison.Ordinal);
        Assert.Contains("1 decision(s); no more.", rest.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_prints_a_table_of_the_decisions_the_filters_let_through()
    {
        await using var host = await HistoryApiTests.WithGraphAsync();
        var log = host.Factory.Services.GetRequiredService<DecisionLog>();
        await log.AppendAsync(Decision("ticked", DecisionTrigger.Tick));
        await log.AppendAsync(Decision("loaded", DecisionTrigger.Load));

        var all = await SmoAsync(host, "graph", "history", Graph);
        var load = await SmoAsync(host, "graph", "history", Graph, "--kind", "scaling", "--trigger", "load");

        Assert.True(all.Code == 0, all.Err);
        Assert.Contains("Strategy", all.Out, StringComparison.Ordinal);
        Assert.True(all.Out.IndexOf("loaded", StringComparison.Ordinal) < all.Out.IndexOf("ticked", StringComparison.Ordinal), all.Out);
        Assert.Contains("2 decision(s); no more.", all.Out, StringComparison.Ordinal);
        Assert.Contains("Scaling", load.Out, StringComparison.Ordinal);
        Assert.Contains("smo-milp", load.Out, StringComparison.Ordinal);
        Assert.Contains("loaded", load.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ticked", load.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_with_events_prints_the_services_events()
    {
        await using var host = await HistoryApiTests.WithGraphAsync();
        var log = host.Factory.Services.GetRequiredService<EventLog>();
        await log.AppendAsync(new NewEvent(Graph, "web", "deploy.helm-installed", "web installed"));
        await log.AppendAsync(new NewEvent(Graph, "api", "deploy.helm-installed", "api installed"));

        var events = await SmoAsync(host, "graph", "history", Graph, "--events", "--service", "web");

        Assert.True(events.Code == 0, events.Err);
        Assert.Contains("web installed", events.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("api installed", events.Out, StringComparison.Ordinal);
        Assert.Contains("1 event(s); no more.", events.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "--trigger filters decisions", "--events", "--trigger", "tick")]
    [InlineData(2, "--service filters events", "--service", "web")]
    [InlineData(2, "--limit 0 is out of range", "--limit", "0")]
    [InlineData(1, "where: query: since", "--since", "yesterday")]
    [InlineData(1, "where: query: kind", "--kind", "bogus")]
    public async Task History_says_why_it_refuses_with_its_exit_code(int code, string why, params string[] options)
    {
        await using var host = await HistoryApiTests.WithGraphAsync();

        var refused = await SmoAsync(host, ["graph", "history", Graph, .. options]);

        Assert.Equal(code, refused.Code);
        Assert.Contains(why, refused.Err, StringComparison.Ordinal);
    }

    private static NewDecision Decision(string reason, DecisionTrigger trigger) => new(
        Graph, DecisionKind.Scaling, "smo-milp", trigger,
        JsonSerializer.SerializeToElement(new { services = new[] { new { name = "web", requestRate = 10 } } }),
        JsonSerializer.SerializeToElement(new { replicas = new { web = 1 } }),
        new Dictionary<string, double>(), DecisionStatus.Optimal, reason, TimeSpan.FromMilliseconds(1));

    private static async Task<(int Code, string Out, string Err)> SmoAsync(StoreHost host, params string[] args)
    {
        var run = await CliRunner.WithoutSettings().RunAsync(host.Client, args);
        return (run.Code, run.Out, run.Err);
    }
}
