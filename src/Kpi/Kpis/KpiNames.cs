namespace Smo.Kpi.Kpis;

/// <summary>The KPIs' names as issue 13 gives them, and their units.</summary>
public static class KpiNames
{
    public const string KwhPerMillionRequests = "kpi_kwh_per_million_requests";
    public const string KgCo2PerMillionRequests = "kpi_kgco2_per_million_requests";
    public const string UnservedRequestShare = "kpi_unserved_request_share";
    public const string SloViolationTimeShare = "kpi_slo_violation_time_share";
    public const string AllocationAccuracy = "kpi_allocation_accuracy";
    public const string UnderProvisionedTimeShare = "kpi_under_provisioned_time_share";
    public const string OverProvisionedCpuHours = "kpi_over_provisioned_cpu_hours";
    public const string ForecastMase = "kpi_forecast_mase";
    public const string Moves = "kpi_moves";
    public const string DecisionMsP95 = "kpi_decision_ms_p95";

    /// <summary>Each strategy's KPIs in the order the report's table shows them.</summary>
    public static readonly IReadOnlyList<string> PerStrategy =
    [
        KwhPerMillionRequests, KgCo2PerMillionRequests, UnservedRequestShare, SloViolationTimeShare, AllocationAccuracy,
        UnderProvisionedTimeShare, OverProvisionedCpuHours, Moves, DecisionMsP95,
    ];

    public static string Unit(string kpi) => kpi switch
    {
        KwhPerMillionRequests => "kWh/1M requests",
        KgCo2PerMillionRequests => "kgCO2/1M requests",
        OverProvisionedCpuHours => "CPU-hours",
        Moves => "moves",
        DecisionMsP95 => "ms",
        ForecastMase => "ratio",
        _ => "share",
    };

    /// <summary>Whether a larger value is better (accuracy); for the others smaller is.</summary>
    public static bool HigherIsBetter(string kpi) => kpi == AllocationAccuracy;
}
