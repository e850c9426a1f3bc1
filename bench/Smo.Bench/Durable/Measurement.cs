namespace Smo.Bench.Durable;

/// <summary>A figure a scenario measured; <paramref name="Observed"/> adds facts of this run (e.g. how many timers were armed late).</summary>
internal sealed record Measurement(string Metric, double Value, string Unit, IReadOnlyDictionary<string, object>? Observed = null);
