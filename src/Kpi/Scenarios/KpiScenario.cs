using Smo.Kpi.Series;

namespace Smo.Kpi.Scenarios;

/// <summary>
/// A graph on a federation with the load each service is offered and each cluster's carbon intensity, on the replay's
/// time axis: 0 is the start of the measured window, negative times are the history before it (what a forecaster may
/// read), <see cref="Duration"/> its end.
/// </summary>
/// <param name="Start">The wall time of replay time 0 (the carbon series' date; forecasts are stamped with it).</param>
/// <param name="Data">Where the series came from: <c>shared</c> (the files of <c>../shared/data</c>) or <c>synthetic</c>.</param>
public sealed record KpiScenario(
    string Name, IReadOnlyList<KpiService> Services, IReadOnlyList<KpiCluster> Clusters, TimeSpan Duration, DateTimeOffset Start, string Data)
{
    public const string SharedData = "shared";
    public const string SyntheticData = "synthetic";

    public string Description { get; init; } = "";

    public IReadOnlyList<KpiEdge> Edges { get; init; } = [];

    /// <summary>How long a scheduled replica takes to become ready; null: the control plane's <c>PodStartDelay</c>.</summary>
    public TimeSpan? PodStart { get; init; }

    /// <summary>How far back before time 0 the load series reach (what a forecaster can be given).</summary>
    public TimeSpan History { get; init; }
}

/// <summary>A service: what one replica needs and carries (α·r + β), its bounds, and the load it is offered (req/s).</summary>
public sealed record KpiService(string Name, double Cpu, double MemoryGiB, double Alpha, double Beta, int MinReplicas, int MaxReplicas, TimeSeries Load);

/// <summary>A member cluster: its capacity, energy profile (PUE, W per core idle and at full load) and carbon intensity (gCO2/kWh).</summary>
public sealed record KpiCluster(
    string Name, string Region, double Cpu, double MemoryGiB, double Pue, double IdleWattsPerCore, double MaxWattsPerCore, TimeSeries Carbon);

/// <summary>A communication edge of the graph (<c>connectionPoints</c>).</summary>
public sealed record KpiEdge(string From, string To, double Weight = 1);
