namespace Smo.Kpi.Kpis;

/// <summary>One strategy's replay of one scenario: its KPIs, its timeline, and how often it decided and re-placed.</summary>
public sealed record ReplayResult(string Strategy, IReadOnlyDictionary<string, double> Kpis, Timeline Timeline, int Decisions, int Replacements)
{
    /// <summary>The forecaster a predictive strategy scaled on; null for the others.</summary>
    public string? Forecaster { get; init; }
}
