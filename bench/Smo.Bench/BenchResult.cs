namespace Smo.Bench;

/// <summary>One measured figure, as one JSON line on stdout.</summary>
internal sealed record BenchResult(
    string Suite,
    string Metric,
    double Value,
    string Unit,
    IReadOnlyDictionary<string, object> Params,
    MachineInfo Machine);
