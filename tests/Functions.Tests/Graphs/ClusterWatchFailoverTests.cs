using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using static Smo.Functions.Tests.Graphs.FailoverTests;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A cluster running a graph fails, on the simulator, and nothing but the cluster watch reads the inventory: the host's
/// timer is held off, no what-if is asked, and the test polls only what does not refresh the inventory (the graph's
/// decisions, the simulator). The measured delays are printed, never asserted.
/// </summary>
public sealed class ClusterWatchFailoverTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> NoTimerSync = new() { ["ClusterInventorySyncSchedule"] = "0 0 0 1 1 *" };

    [Fact]
    public async Task A_clusterNotReady_fault_alone_re_places_the_graph_off_the_cluster_through_the_watch()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: NoTimerSync, scenario: Scenario);
        var failed = await DeployAsync(host);
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        var faulted = DateTimeOffset.UtcNow;
        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = failed })).EnsureSuccessStatusCode();
        var decision = await FirstInventoryDecisionAsync(host);
        await ControlPlaneHost.UntilAsync(async () => await HealthyAsync(host, simulator, failed),
            $"every service leaves {failed}, is ready elsewhere, and the graph runs", seconds: 45);

        output.WriteLine($"fault → re-placement decision (trigger inventory): {(decision.At - faulted).TotalMilliseconds:0} ms");
        Print(host);
        Assert.Equal("Replacement", decision.Kind);
    }

    [Fact]
    public async Task A_cluster_not_ready_for_less_than_the_grace_still_counts_as_available_and_its_services_move_when_the_grace_ends()
    {
        var grace = TimeSpan.FromSeconds(4);
        await using var host = await ControlPlaneHost.StartAsync(
            settings: new Dictionary<string, string>(NoTimerSync) { ["Smo__Failover__Grace"] = grace.ToString() }, scenario: Scenario);
        var failed = await DeployAsync(host);
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        var faulted = DateTimeOffset.UtcNow;
        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = failed })).EnsureSuccessStatusCode();
        var during = await ClusterAsync(host, failed);
        var decision = await FirstInventoryDecisionAsync(host);
        await ControlPlaneHost.UntilAsync(async () => await HealthyAsync(host, simulator, failed),
            $"every service leaves {failed} once the grace has passed", seconds: 45);

        output.WriteLine($"grace {grace.TotalSeconds} s; fault → re-placement decision: {(decision.At - faulted).TotalMilliseconds:0} ms");
        Print(host);
        Assert.True(during.GetProperty("available").GetBoolean(), $"within the grace {failed} counts as available: {during}");
        // Karmada's lastTransitionTime is to the second, so the grace may start up to a second before the fault was posted.
        Assert.True(decision.At >= faulted + grace - TimeSpan.FromSeconds(1), $"re-placed {(decision.At - faulted).TotalSeconds:0.0} s after the fault");
    }

    [Fact]
    public async Task A_cluster_flapping_not_ready_ready_not_ready_moves_each_service_once()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: NoTimerSync, scenario: Scenario);
        var failed = await DeployAsync(host);
        var onFailed = (await host.DeploymentsAsync(Project)).Where(d => d.Value == failed).Select(d => d.Key).Order().ToList();
        using var simulator = new HttpClient { BaseAddress = host.Simulator.BaseAddress };

        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = failed, duration = "2s" })).EnsureSuccessStatusCode();
        (await simulator.PostAsJsonAsync("sim/faults", new { type = "clusterNotReady", cluster = failed, at = "3s", duration = "2s" })).EnsureSuccessStatusCode();
        await ControlPlaneHost.UntilAsync(async () => await HealthyAsync(host, simulator, failed),
            $"every service leaves {failed}", seconds: 45);
        // Past the second outage and the return after it: whatever they would move has moved.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var moves = await MovesAsync(host);

        Print(host);
        output.WriteLine($"moves: {string.Join(", ", moves.Select(m => $"{m.Key} {m.Value}"))}");
        Assert.All(moves, service => Assert.True(service.Value == 1, $"{service.Key} moved {service.Value} times"));
        Assert.Equal(onFailed, moves.Keys.Order());
        Assert.True(await HealthyAsync(host, simulator, failed));
    }

    /// <summary>Deploys the two-service graph; the cluster its front end runs on.</summary>
    private static async Task<string> DeployAsync(ControlPlaneHost host)
    {
        var deploy = await host.Client.PostAsync($"/project/{Project}/graphs", new StringContent(Descriptor, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        return (await host.DeploymentsAsync(Project))["front"];
    }

    /// <summary>A cluster as <c>GET /clusters</c> lists it (that request syncs the inventory).</summary>
    private static async Task<JsonElement> ClusterAsync(ControlPlaneHost host, string name) =>
        (await host.Client.GetFromJsonAsync<JsonElement>("/clusters")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static async Task<(DateTimeOffset At, string Kind)> FirstInventoryDecisionAsync(ControlPlaneHost host)
    {
        JsonElement found = default;
        await ControlPlaneHost.UntilAsync(async () =>
        {
            var page = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/decisions?trigger=inventory");
            var items = page.GetProperty("items");
            if (items.GetArrayLength() == 0)
            {
                return false;
            }

            found = items[items.GetArrayLength() - 1];
            return true;
        }, "a re-placement decision triggered by the inventory", seconds: 30);
        return (found.GetProperty("at").GetDateTimeOffset(), found.GetProperty("kind").GetString()!);
    }

    /// <summary>How many times each service's cluster changed from one placement decision to the next, oldest first.</summary>
    private static async Task<Dictionary<string, int>> MovesAsync(ControlPlaneHost host)
    {
        var page = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/decisions?kind=placement&kind=replacement");
        var moves = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<string, string>? before = null;
        foreach (var decision in page.GetProperty("items").EnumerateArray().Reverse())
        {
            var assignment = decision.GetProperty("result").GetProperty("assignment").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            foreach (var (service, cluster) in assignment)
            {
                if (before is not null && before.TryGetValue(service, out var was) && was != cluster)
                {
                    moves[service] = moves.GetValueOrDefault(service) + 1;
                }
            }

            before = assignment;
        }

        return moves;
    }

    private void Print(ControlPlaneHost host)
    {
        foreach (var line in host.Factory.Logs.Where(l => l.StartsWith("Cluster watch:", StringComparison.Ordinal) || l.Contains("Smo:Failover:Grace", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }
    }
}
