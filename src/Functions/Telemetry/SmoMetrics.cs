using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Reflection;
using Smo.Functions.Alerts;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;
using Smo.Store.Decisions;

namespace Smo.Functions.Telemetry;

/// <summary>
/// Smo's live figures, on one <see cref="Meter"/> named <see cref="MeterName"/> that the host exports at <c>/metrics</c>:
/// one method per thing measured, so a caller records in one line. Every label value comes from a bounded set of
/// names Smo has validated (<see cref="LabelValues"/>, <see cref="GraphLabels"/>), never from what a request or a remote
/// system wrote. The gauges that read the databases are <see cref="SmoGauges"/>.
/// </summary>
public sealed class SmoMetrics
{
    public const string MeterName = "Smo";

    /// <summary>From a fast reaction (a load-watch decision, well under a second) to a tick that waited for a slow Karmada.</summary>
    private static readonly double[] LatencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

    /// <summary>From a heuristic's milliseconds to a CP-SAT model that ran into its time limit.</summary>
    private static readonly double[] SolveBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Requests per second a forecast missed by: services carry from a few to thousands.</summary>
    private static readonly double[] ForecastErrorBuckets = [0.1, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private static readonly FrozenSet<string> ForecastMethodNames = typeof(ForecastMethods)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToFrozenSet(StringComparer.Ordinal);

    private readonly Histogram<double> _decisionLatency;
    private readonly Histogram<double> _solveTime;
    private readonly Counter<long> _scaleActions;
    private readonly Histogram<double> _forecastError;
    private readonly Counter<long> _alertsReceived;
    private readonly GraphLabels _graphs;
    private readonly FrozenSet<string> _strategies;

    public SmoMetrics(IMeterFactory meters, GraphLabels graphs, StrategyRegistry strategies)
    {
        _graphs = graphs;
        _strategies = strategies.PlacementNames.Concat(strategies.ScalingNames).ToFrozenSet(StringComparer.Ordinal);
        Meter = meters.Create(MeterName);
        _decisionLatency = Meter.CreateHistogram<double>(MetricFamilies.Instruments.DecisionLatency, "s",
            "From what asked for a scaling decision (the tick's timer, the load watch's look) to its first scale call.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _solveTime = Meter.CreateHistogram<double>(MetricFamilies.Instruments.SolveTime, "s",
            "Time the solver spent on a placement or scaling decision, by strategy.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SolveBuckets });
        _scaleActions = Meter.CreateCounter<long>(MetricFamilies.Instruments.ScaleActions, "{action}",
            "Services whose replicas a scaling decision changed (one scale call or division step each).");
        _forecastError = Meter.CreateHistogram<double>(MetricFamilies.Instruments.ForecastError, "{request}/s",
            "How far a rate forecast was from the rate measured at its time, by forecasting method.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ForecastErrorBuckets });
        _alertsReceived = Meter.CreateCounter<long>(MetricFamilies.Instruments.AlertsReceived, "{alert}",
            "Alertmanager's alerts by what became of them; a notification refused whole counts once as refused.");
    }

    /// <summary>The meter the gauges join, so everything Smo measures is one instrumentation scope.</summary>
    internal Meter Meter { get; }

    /// <summary>A scaling decision's latency, from its trigger to its first scale call; null (a decision that scaled nothing) is no measurement.</summary>
    public void RecordDecisionLatency(DecisionTrigger trigger, TimeSpan? latency)
    {
        if (latency is { } measured)
        {
            // Another host's clock stamped the request: a small skew may make it negative, which no latency is.
            _decisionLatency.Record(Math.Max(0, measured.TotalSeconds), new KeyValuePair<string, object?>("trigger", Kebab(trigger)));
        }
    }

    /// <summary>The solver's time on one decision of <paramref name="strategy"/> (placement, re-placement or scaling).</summary>
    public void RecordSolveTime(string strategy, DecisionKind kind, TimeSpan solveTime) =>
        _solveTime.Record(Math.Max(0, solveTime.TotalSeconds),
            new KeyValuePair<string, object?>("strategy", LabelValues.OneOf(strategy, _strategies)),
            new KeyValuePair<string, object?>("kind", kind == DecisionKind.Scaling ? "scaling" : "placement"));

    /// <summary>The services of <paramref name="graph"/> one scaling decision changed; nothing when it changed none.</summary>
    public void RecordScaleActions(string graph, int count)
    {
        if (count > 0)
        {
            _scaleActions.Add(count, new KeyValuePair<string, object?>("graph", _graphs.Of(graph)));
        }
    }

    /// <summary>
    /// A forecast's absolute error, requests/s, by the method that made it (one of <see cref="ForecastMethods"/>;
    /// any other name is <see cref="LabelValues.Other"/>); an error that is not a finite number of at least 0 is no measurement.
    /// </summary>
    public void RecordForecastError(string method, double absoluteError)
    {
        if (double.IsFinite(absoluteError) && absoluteError >= 0)
        {
            _forecastError.Record(absoluteError, new KeyValuePair<string, object?>("method", LabelValues.OneOf(method, ForecastMethodNames)));
        }
    }

    /// <summary>What the webhook did with a notification: each alert handled or skipped, or — <paramref name="answer"/> null — the notification refused whole.</summary>
    public void RecordAlertsReceived(AlertsReceived? answer)
    {
        if (answer is null)
        {
            _alertsReceived.Add(1, Outcome("refused"));
            return;
        }

        if (answer.Handled.Count > 0)
        {
            _alertsReceived.Add(answer.Handled.Count, Outcome("handled"));
        }

        if (answer.Skipped.Count > 0)
        {
            _alertsReceived.Add(answer.Skipped.Count, Outcome("skipped"));
        }
    }

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);

    private static string Kebab(DecisionTrigger trigger) => trigger switch
    {
        DecisionTrigger.InfeasibleScaling => "infeasible-scaling",
        _ => trigger.ToString().ToLowerInvariant(),
    };
}
