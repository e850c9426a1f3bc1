using Smo.Solver.Forecasting;

namespace Smo.Kpi.Strategies;

/// <summary>
/// One way of running a graph that the replay compares: the placement and scaling strategies by their registry names,
/// how often it decides, whether the load watch answers rises between decisions, the forecaster whose upper quantile
/// it scales on (none: reactive), and whether carbon changes re-place the graph.
/// </summary>
/// <param name="DecisionInterval">Between scaling ticks; null: the scaling strategy's own (smo-original's 30 s), else the
/// control plane's <c>Smo:Graphs:ScalingInterval</c> — as the tick schedules itself.</param>
public sealed record KpiStrategy(string Name, string Placement, string Scaling, TimeSpan? DecisionInterval = null)
{
    public bool LoadWatch { get; init; } = true;

    public IRateForecaster? Forecaster { get; init; }

    /// <summary>The forecaster's name in the report and the JSON lines.</summary>
    public string? ForecasterName { get; init; }

    public bool CarbonReoptimisation { get; init; }

    /// <summary>Scales on forecasts: cannot run without a <see cref="Forecaster"/>.</summary>
    public bool Predictive { get; init; }
}
