namespace Smo.Store.Graphs;

/// <summary>What a cluster's energy profile promised a placement: the mean carbon intensity over its horizon, and the price.</summary>
public sealed record ClusterOutlook(double CarbonGramsPerKWh, double PricePerKWh);

/// <summary>A running graph placed by one of the strategies asked for, with what its clusters promised at its last placement.</summary>
/// <param name="Outlook">Cluster → outlook at the last placement; empty when none was recorded.</param>
/// <param name="AskedAt">When a change of carbon or price last asked it to re-place; null if never.</param>
public sealed record PlacedGraphOutlook(string Graph, string PlacementStrategy, IReadOnlyDictionary<string, ClusterOutlook> Outlook, DateTimeOffset? AskedAt);
