using System.Text.Json;
using Smo.Store.Decisions;

namespace Smo.Store.Tests.Infrastructure;

/// <summary>Decisions as the orchestrations would record them.</summary>
public static class DecisionSamples
{
    public static NewDecision Placement(string graph, string reason = "cheapest feasible placement") => new(
        graph,
        DecisionKind.Placement,
        "smo-milp",
        DecisionTrigger.Deploy,
        JsonSerializer.SerializeToElement(new { clusters = new[] { "edge-a", "edge-b" }, services = new[] { "a" } }),
        JsonSerializer.SerializeToElement(new { a = "edge-a" }),
        new Dictionary<string, double> { ["cost"] = 12.5, ["moves"] = 0 },
        DecisionStatus.Optimal,
        reason,
        TimeSpan.FromMilliseconds(3.25));

    /// <summary>A scaling tick's decision; <paramref name="latencyMs"/> null when no replicas changed (no scale call).</summary>
    public static NewDecision Scaling(string graph, double? latencyMs, DecisionStatus status = DecisionStatus.Optimal) => new(
        graph,
        DecisionKind.Scaling,
        "smo-milp",
        DecisionTrigger.Tick,
        JsonSerializer.SerializeToElement(new { services = new[] { "a" } }),
        JsonSerializer.SerializeToElement(new { replicas = new { a = 2 }, decisionLatencyMs = latencyMs }),
        new Dictionary<string, double> { ["utilisation"] = 0.5 },
        status,
        latencyMs is null ? "0 of 1 services change their replica count." : "1 of 1 services change their replica count.",
        TimeSpan.FromMilliseconds(1));
}
