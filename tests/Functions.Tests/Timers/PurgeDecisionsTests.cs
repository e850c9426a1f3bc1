using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Timers;
using Smo.Orchestrations.Graphs;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.Timers;

/// <summary>The decision log's retention, run as the timer runs it, on a graph that has ticked.</summary>
public sealed class PurgeDecisionsTests
{
    [Fact]
    public async Task A_run_a_day_later_drops_the_ticks_that_changed_nothing_and_keeps_the_decisions_that_did()
    {
        // Scraped: scaling decides only for services Prometheus has rates for.
        await using var host = await ControlPlaneHost.StartAsync(scraped: true);
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var decisions = host.Factory.Services.GetRequiredService<DecisionLog>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(await decisions.LatestAsync("shop-demo", 100)).Any(Unchanged))
        {
            Assert.True(DateTime.UtcNow < deadline, "No tick that changed nothing was recorded within 90 s.");
            await Task.Delay(250);
        }

        var retention = host.Factory.Services.GetRequiredService<RetentionOptions>();
        var dayLater = DateTimeOffset.UtcNow.AddHours(retention.UnchangedDecisionRetentionHours + 1);
        var function = new PurgeDecisionsFunction(decisions, host.Factory.Services.GetRequiredService<Smo.Store.Forecasts.ForecastLog>(), retention, new FixedTime(dayLater), NullLogger<PurgeDecisionsFunction>.Instance);

        // Stopped first, so no tick records anything while the log is read.
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/graphs/shop-demo/stop", null)).StatusCode);
        await host.UntilGraphAsync("shop-demo", g => g.GetProperty("status").GetString() == "Stopped", "the graph stops");
        var before = await decisions.LatestAsync("shop-demo", 1000);
        await function.Run(new TimerInfo(), CancellationToken.None);
        var after = await decisions.LatestAsync("shop-demo", 1000);

        Assert.DoesNotContain(after, Unchanged);
        Assert.Equal(before.Where(d => !Unchanged(d)).Select(d => d.Id).Order(), after.Select(d => d.Id).Order());
        Assert.Contains(after, d => d.Kind == DecisionKind.Placement);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static bool Unchanged(DecisionRecord decision) =>
        decision.Kind == DecisionKind.Scaling && decision.Status is DecisionStatus.Optimal or DecisionStatus.Feasible
        && (!decision.Result.TryGetProperty("decisionLatencyMs", out var latency) || latency.ValueKind == System.Text.Json.JsonValueKind.Null);
}
