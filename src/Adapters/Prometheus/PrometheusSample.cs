namespace Smo.Adapters.Prometheus;

/// <summary>One sample of an instant query: the series labels, its time and value (NaN and ±Inf included).</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, DateTimeOffset Timestamp, double Value);
