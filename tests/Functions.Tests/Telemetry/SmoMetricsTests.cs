using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Alerts;
using Smo.Functions.Telemetry;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.Telemetry;

/// <summary>What each recording method measures, and that no label value is taken from the caller's text unchecked.</summary>
public sealed class SmoMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SmoMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string> Tags)> _recorded = [];

    public SmoMetricsTests()
    {
        _metrics = new SmoMetrics(_services.GetRequiredService<IMeterFactory>(), new GraphLabels(new MetricsOptions { MaxGraphLabels = 1 }), StrategyRegistry.Builtin());
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _metrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void RecordDecisionLatency_measures_seconds_by_trigger_and_nothing_for_a_decision_that_scaled_nothing()
    {
        _metrics.RecordDecisionLatency(DecisionTrigger.Load, TimeSpan.FromMilliseconds(250));
        _metrics.RecordDecisionLatency(DecisionTrigger.Tick, null);

        var latency = Assert.Single(_recorded);
        Assert.Equal((MetricFamilies.Instruments.DecisionLatency, 0.25, "load"), (latency.Instrument, latency.Value, latency.Tags["trigger"]));
    }

    [Fact]
    public void RecordSolveTime_labels_a_strategy_the_registry_does_not_know_as_other_and_a_replacement_as_placement()
    {
        _metrics.RecordSolveTime("smo-milp", DecisionKind.Scaling, TimeSpan.FromSeconds(2));
        _metrics.RecordSolveTime("made-up\nstrategy", DecisionKind.Replacement, TimeSpan.FromSeconds(1));

        Assert.Equal(
            [("smo-milp", "scaling", 2.0), (LabelValues.Other, "placement", 1.0)],
            _recorded.Select(r => (r.Tags["strategy"], r.Tags["kind"], r.Value)));
    }

    [Fact]
    public void RecordScaleActions_counts_by_bounded_graph_label_and_skips_a_decision_that_changed_nothing()
    {
        _metrics.RecordScaleActions("shop", 2);
        _metrics.RecordScaleActions("video", 3);
        _metrics.RecordScaleActions("music", 0);

        Assert.Equal([("shop", 2.0), (LabelValues.Other, 3.0)], _recorded.Select(r => (r.Tags["graph"], r.Value)));
    }

    [Fact]
    public void RecordForecastError_labels_known_methods_and_drops_errors_that_are_not_finite_and_non_negative()
    {
        _metrics.RecordForecastError(ForecastMethods.SeasonalNaive, 3);
        _metrics.RecordForecastError("<script>", 1);
        _metrics.RecordForecastError(ForecastMethods.Ridge, double.NaN);
        _metrics.RecordForecastError(ForecastMethods.Ridge, -1);

        Assert.Equal([(ForecastMethods.SeasonalNaive, 3.0), (LabelValues.Other, 1.0)], _recorded.Select(r => (r.Tags["method"], r.Value)));
    }

    [Fact]
    public void RecordAlertsReceived_counts_handled_and_skipped_alerts_and_a_refused_notification_once()
    {
        var answer = new AlertsReceived("Alert received", 3, 3, [], [],
            [new HandledAlert(0, "shop", "web", "busy", AlertAction.InstallCommanded), new HandledAlert(1, "shop", "web", "busy", AlertAction.AlreadyHandled)],
            [new SkippedAlert(2, AlertSkipReason.UnknownGraph, "No graph.")]);

        _metrics.RecordAlertsReceived(answer);
        _metrics.RecordAlertsReceived(null);

        Assert.Equal([("handled", 2.0), ("skipped", 1.0), ("refused", 1.0)], _recorded.Select(r => (r.Tags["outcome"], r.Value)));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            labels[tag.Key] = (string)tag.Value!;
        }

        lock (_recorded)
        {
            _recorded.Add((instrument.Name, value, labels));
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
