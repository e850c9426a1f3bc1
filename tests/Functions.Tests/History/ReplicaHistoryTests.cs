using System.Text.Json;
using Smo.Functions.History;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.History;

/// <summary>The replica series drawn from decisions as the placement and scaling activities record them.</summary>
public sealed class ReplicaHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_keeps_a_point_where_replicas_change_on_the_cluster_the_placement_gave()
    {
        ReplicaTrace[] traces =
        [
            Placement(0, new { web = "edge-a" }, ("web", 1)),
            Scaling(5, new { web = 1 }, ("web", 12)),
            Scaling(10, new { web = 4 }, ("web", 70)),
            Scaling(15, new { web = 4 }, ("web", 75)),
            Scaling(20, new { web = 2 }, ("web", 30)),
        ];

        var history = ReplicaHistory.Build("g", Start, Start.AddMinutes(1), traces, truncated: false);

        var web = history.Services["web"];
        Assert.Equal([1, 4, 2], web.Select(p => p.Replicas));
        Assert.Equal([Start, Start.AddSeconds(10), Start.AddSeconds(20)], web.Select(p => p.At));
        Assert.Equal(["Placement", "Scaling", "Scaling"], web.Select(p => p.Decision));
        Assert.All(web, p => Assert.Equal("edge-a", Assert.Single(p.Clusters!).Key));
        Assert.Equal([12.0, 70, 75, 30], history.Load["web"].Select(l => l.RequestsPerSecond));
    }

    [Fact]
    public void Build_reads_a_divided_services_replicas_per_cluster_and_its_rate_inside_the_split()
    {
        var inputs = new { services = new[] { new { service = new { name = "web", requestRate = 90.5 }, currentByCluster = new { a = 1, b = 1 } } } };
        var result = new { replicas = new { web = 5 }, replicasByCluster = new { web = new { a = 3, b = 2 } } };
        ReplicaTrace[] traces = [Trace(3, DecisionKind.Scaling, DecisionTrigger.Load, inputs, result)];

        var history = ReplicaHistory.Build("g", Start, Start.AddMinutes(1), traces, truncated: false);

        var point = Assert.Single(history.Services["web"]);
        Assert.Equal((5, "Load"), (point.Replicas, point.Trigger));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 2 }, point.Clusters);
        Assert.Equal(90.5, Assert.Single(history.Load["web"]).RequestsPerSecond);
    }

    [Fact]
    public void Build_thins_each_series_to_its_bound_keeping_the_highest_load_of_each_stretch()
    {
        var traces = Enumerable.Range(0, 4 * ReplicaHistory.MaxPoints)
            .Select(i => Scaling(i, new { web = 1 + i % 2 }, ("web", i == 1234 ? 999 : i % 7)))
            .ToList();

        var history = ReplicaHistory.Build("g", Start, Start.AddSeconds(traces.Count), traces, truncated: false);

        Assert.InRange(history.Services["web"].Count, 1, ReplicaHistory.MaxPoints);
        Assert.InRange(history.Load["web"].Count, 1, ReplicaHistory.MaxPoints);
        Assert.Contains(history.Load["web"], l => l.RequestsPerSecond == 999 && l.At == Start.AddSeconds(1234));
    }

    [Fact]
    public void Build_skips_parts_that_are_not_what_a_decision_records()
    {
        var inputs = new { services = new object[] { "web", new { name = 7, requestRate = 3 }, new { name = "api", requestRate = -1 } } };
        var result = new { replicas = new { web = "two", api = -3, db = 2 } };
        ReplicaTrace[] traces = [Trace(0, DecisionKind.Scaling, DecisionTrigger.Tick, inputs, result)];

        var history = ReplicaHistory.Build("g", Start, Start.AddMinutes(1), traces, truncated: false);

        Assert.Equal(["db"], history.Services.Keys);
        Assert.Null(history.Services["db"][0].Clusters);
        Assert.Empty(history.Load);
    }

    private static ReplicaTrace Placement(int second, object assignment, params (string Name, int Replicas)[] services) =>
        Trace(second, DecisionKind.Placement, DecisionTrigger.Deploy,
            new { services = services.Select(s => new { name = s.Name, replicas = s.Replicas }) },
            new { assignment, divisions = new { } });

    private static ReplicaTrace Scaling(int second, object replicas, params (string Name, double Rate)[] services) =>
        Trace(second, DecisionKind.Scaling, DecisionTrigger.Tick,
            new { services = services.Select(s => new { name = s.Name, requestRate = s.Rate }) },
            new { replicas, replicasByCluster = (object?)null });

    /// <summary>A trace as the store reads it: the decision's parts picked out of its inputs and result.</summary>
    private static ReplicaTrace Trace(int second, DecisionKind kind, DecisionTrigger trigger, object inputs, object result)
    {
        var input = JsonSerializer.SerializeToElement(inputs);
        var output = JsonSerializer.SerializeToElement(result);
        JsonElement Part(JsonElement of, string name) => of.TryGetProperty(name, out var part) ? part : JsonSerializer.SerializeToElement<object?>(null);
        return new ReplicaTrace(second + 1, Start.AddSeconds(second), kind, trigger, Part(input, "services"),
            Part(output, "replicas"), Part(output, "replicasByCluster"), Part(output, "assignment"), Part(output, "divisions"));
    }
}
