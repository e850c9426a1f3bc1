using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// What-if before apply (<c>?dryRun=true</c>): deploy, placement and execute_strategy answer with the plan — placement,
/// moves, objective and modelled power beside the current placement's — and change nothing: no graph stored, no
/// Deployment in the federation, no decision recorded, the strategy kept.
/// </summary>
public sealed class WhatIfTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_dry_run_deploy_shows_the_placement_the_deploy_then_makes_and_stores_nothing()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await SetEnergyProfilesAsync(host);

        var dryRun = await host.Client.PostAsync("/project/shop/graphs?dryRun=true", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var plan = await dryRun.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(plan.GetProperty("dryRun").GetBoolean());
        Assert.Equal("Optimal", plan.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("current").ValueKind);
        Assert.Empty(plan.GetProperty("moves").EnumerateArray());
        var proposed = plan.GetProperty("proposed");
        Assert.True(proposed.GetProperty("kilowatts").GetDouble() > 0, $"modelled power from the energy profiles: {plan}");
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
        Assert.Empty(await host.DeploymentsAsync("shop"));

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"))).StatusCode);
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        Assert.Equal(Placement(proposed.GetProperty("placement")), Placement(running.GetProperty("placement")));
        var again = await host.Client.PostAsync("/project/shop/graphs?dryRun=true", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Dry_run_re_placements_compare_with_the_current_placement_and_apply_nothing()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await SetEnergyProfilesAsync(host);
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var decisions = running.GetProperty("latestDecisions").GetArrayLength();

        var same = await (await host.Client.PostAsync($"/graphs/{Graph}/placement?dryRun=true", null)).Content.ReadFromJsonAsync<JsonElement>();
        var firstFit = await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/first-fit?dryRun=true", null);

        // Nothing changed since the deploy: the optimum keeps everything where it is, at the same cost.
        Assert.Equal(Placement(running.GetProperty("placement")), Placement(same.GetProperty("current").GetProperty("placement")));
        Assert.Equal(Placement(running.GetProperty("placement")), Placement(same.GetProperty("proposed").GetProperty("placement")));
        Assert.Empty(same.GetProperty("moves").EnumerateArray());
        Assert.Equal(same.GetProperty("current").GetProperty("total").GetDouble(), same.GetProperty("proposed").GetProperty("total").GetDouble(), 6);
        Assert.Equal(HttpStatusCode.OK, firstFit.StatusCode);
        var plan = await firstFit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("first-fit", plan.GetProperty("strategy").GetString());
        var moves = plan.GetProperty("moves").EnumerateArray().ToList();
        Assert.All(moves, m => Assert.NotEqual(m.GetProperty("from").GetString(), m.GetProperty("to").GetString()));
        Assert.Equal(moves.Count, Placement(plan.GetProperty("proposed").GetProperty("placement"))
            .Count(p => Placement(running.GetProperty("placement"))[p.Key] != p.Value));

        var after = await host.GraphAsync(Graph);
        Assert.Equal("smo-milp", after.GetProperty("strategies").GetProperty("placement").GetString());
        Assert.Equal(decisions, after.GetProperty("latestDecisions").GetArrayLength());
        Assert.Equal(Placement(running.GetProperty("placement")), Placement(after.GetProperty("placement")));
    }

    [Fact]
    public async Task A_dry_run_beyond_the_hosts_concurrent_limit_is_told_to_retry_and_solves_nothing()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Graphs__MaxConcurrentDryRuns"] = "1" });
        var gate = host.Factory.Services.GetRequiredService<DryRunGate>();

        HttpResponseMessage busy;
        using (var taken = gate.TryEnter())
        {
            Assert.NotNull(taken);
            busy = await host.Client.PostAsync("/project/shop/graphs?dryRun=true", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        }

        var free = await host.Client.PostAsync("/project/shop/graphs?dryRun=true", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
        Assert.Equal("1", busy.Headers.GetValues("Retry-After").Single());
        Assert.Contains("MaxConcurrentDryRuns", (await busy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/graphs/shop-demo")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_dry_run_value_or_command_is_refused_and_nothing_happens()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var badValue = await host.Client.PostAsync($"/graphs/{Graph}/placement?dryRun=maybe", null);
        var stop = await host.Client.PostAsync($"/graphs/{Graph}/stop?dryRun=true", null);
        var unknown = await host.Client.PostAsync("/graphs/nothing/placement?dryRun=true", null);

        Assert.Equal(HttpStatusCode.BadRequest, badValue.StatusCode);
        Assert.Equal("query: dryRun", (await badValue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, stop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Running", (await host.GraphAsync(Graph)).GetProperty("status").GetString());
    }

    private static async Task SetEnergyProfilesAsync(ControlPlaneHost host)
    {
        foreach (var (cluster, carbon) in new[] { ("member1", 300.0), ("member2", 200.0), ("member3", 50.0) })
        {
            await host.SetCarbonAsync(cluster, carbon);
        }
    }

    private static Dictionary<string, string> Placement(JsonElement placement) =>
        placement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
