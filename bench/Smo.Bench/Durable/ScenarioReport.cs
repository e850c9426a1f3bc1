namespace Smo.Bench.Durable;

/// <summary>What one run of the suite reports: the parameters every figure carries, and the figures.</summary>
internal sealed record ScenarioReport(IReadOnlyDictionary<string, object> Parameters, IReadOnlyList<Measurement> Measurements);
