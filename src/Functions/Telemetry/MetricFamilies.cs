namespace Smo.Functions.Telemetry;

/// <summary>
/// What <c>/metrics</c> exposes: each instrument's OpenTelemetry name, and the Prometheus family the exporter writes for
/// it (dots to underscores, the unit and, for counters, <c>_total</c> appended). The dashboard and its test hold to
/// <see cref="Prometheus"/>.
/// </summary>
public static class MetricFamilies
{
    /// <summary>The instruments' names on the <see cref="SmoMetrics.MeterName"/> meter.</summary>
    public static class Instruments
    {
        public const string DecisionLatency = "smo.decision.latency";
        public const string SolveTime = "smo.solve.duration";
        public const string ScaleActions = "smo.scale.actions";
        public const string ForecastError = "smo.forecast.absolute_error";
        public const string AlertsReceived = "smo.alerts.received";
        public const string DurableBacklog = "smo.durable.backlog";
        public const string ModelledPower = "smo.modelled.power";
        public const string ModelledCarbon = "smo.modelled.carbon";
    }

    public const string DecisionLatency = "smo_decision_latency_seconds";
    public const string SolveTime = "smo_solve_duration_seconds";
    public const string ScaleActions = "smo_scale_actions_total";
    public const string ForecastError = "smo_forecast_absolute_error_per_second";
    public const string AlertsReceived = "smo_alerts_received_total";
    public const string DurableBacklog = "smo_durable_backlog";
    public const string ModelledPower = "smo_modelled_power_watts";
    public const string ModelledCarbon = "smo_modelled_carbon_grams_per_hour";

    /// <summary>Every family, as Prometheus names them.</summary>
    public static readonly IReadOnlyList<string> Prometheus =
        [DecisionLatency, SolveTime, ScaleActions, ForecastError, AlertsReceived, DurableBacklog, ModelledPower, ModelledCarbon];

    /// <summary>The families that are histograms: Prometheus stores their <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series.</summary>
    public static readonly IReadOnlyList<string> Histograms = [DecisionLatency, SolveTime, ForecastError];
}
