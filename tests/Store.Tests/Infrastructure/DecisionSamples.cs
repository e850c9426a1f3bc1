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
}
