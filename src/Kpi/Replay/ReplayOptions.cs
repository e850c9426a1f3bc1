namespace Smo.Kpi.Replay;

/// <summary>How finely the replay runs and records.</summary>
/// <param name="Step">One step of the workload (served, power, pods); decision intervals and pod starts must be multiples of it.</param>
/// <param name="Sample">One point of the report's timelines.</param>
/// <param name="ForecastStep">The step of the rate history a forecaster is given (the <c>query_range</c> step).</param>
/// <param name="ForecastHistory">How far back that history reaches.</param>
public sealed record ReplayOptions(TimeSpan Step, TimeSpan Sample, TimeSpan ForecastStep, TimeSpan ForecastHistory)
{
    public static ReplayOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));
}
