using System.Text.Json;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>A graph whose orchestration is gone starts again from its stored status.</summary>
public sealed class GraphRestartTests
{
    [Fact]
    public void A_degraded_graph_restarts_running_with_what_failed_clusters_hold_known_so_its_first_tick_does_not_re_place_it_again()
    {
        var now = new DateTime(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc);
        var graph = new GraphRecord
        {
            Name = "g",
            Project = "demo",
            Status = GraphStatus.Degraded,
            Degraded = [new DegradedService("front", "m1", now.AddMinutes(-5), "m1 is not ready; pinned to m1 (clustersAffinity)")],
            Descriptor = JsonSerializer.SerializeToElement(new { hdaGraph = new { id = "g" } }),
            Placement = new Dictionary<string, string> { ["front"] = "m1" },
            Strategies = new GraphStrategies("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(5)),
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
            Version = 3,
            Services = [],
        };

        var (state, resume) = GraphRestart.For(graph, now);

        Assert.Null(resume);
        Assert.Equal((GraphPhase.Running, now), (state.Phase, state.NextTickAt));
        Assert.Equal([new StrandedService("front", "m1", "m1 is not ready; pinned to m1 (clustersAffinity)")], state.Degraded);
    }
}
