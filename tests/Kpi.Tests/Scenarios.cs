using Smo.Kpi.Scenarios;
using Smo.Kpi.Series;

namespace Smo.Kpi.Tests;

/// <summary>Tiny scenarios with answers known by hand.</summary>
internal static class Scenarios
{
    public static readonly DateTimeOffset Start = new(2020, 4, 16, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A load of <paramref name="before"/> req/s until <paramref name="at"/> seconds, then <paramref name="after"/>; an hour of history.</summary>
    public static TimeSeries Step(double before, double at, double after, double until = 4 * 3600) =>
        new(-3600, 5, [.. Enumerable.Range(0, (int)((until + 3600) / 5)).Select(i => (-3600 + (i * 5)) < at ? before : after)]);

    public static TimeSeries Constant(double value) => new(-3600, 60, [value]);

    public static KpiService Service(string name, TimeSeries load, double cpu = 0.5, double alpha = 10, double beta = 0, int max = 10) =>
        new(name, cpu, MemoryGiB: 0.5, alpha, beta, MinReplicas: 1, MaxReplicas: max, load);

    public static KpiCluster Cluster(string name, double cpu = 16, double carbon = 200, double pue = 1.5, double idle = 5, double max = 15) =>
        new(name, "DE", cpu, MemoryGiB: 64, pue, idle, max, Constant(carbon));

    public static KpiScenario Of(TimeSpan duration, IReadOnlyList<KpiService> services, params KpiCluster[] clusters) =>
        new("test", services, clusters, duration, Start, KpiScenario.SyntheticData) { History = TimeSpan.FromHours(1) };
}
