namespace Smo.Adapters.Prometheus;

/// <summary>One series of a range query: its labels and its points, oldest first (NaN and ±Inf included).</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PrometheusPoint> Points);

/// <summary>A series' value at one step of a range query.</summary>
public readonly record struct PrometheusPoint(DateTimeOffset Timestamp, double Value);
