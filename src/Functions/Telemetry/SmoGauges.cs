using System.Diagnostics.Metrics;
using Smo.Durable.Storage;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Telemetry;

/// <summary>
/// The gauges that read the databases, on <see cref="SmoMetrics"/>'s meter: the durable backlog (from the task hub's
/// tables) and the modelled power and carbon per graph and cluster (from the store's graphs and clusters). Each is read
/// at most once per <see cref="MetricsOptions.GaugeRefreshInterval"/> (<see cref="CachedReading{T}"/>), first at start.
/// Without the store (no <c>Postgres</c> connection string) there is no power to model, and those gauges report nothing.
/// </summary>
public sealed partial class SmoGauges : IHostedService
{
    // Never disposed: it has no timer or linked token to release, and the host may stop services (and the meter observe
    // them) after the container disposed them — a disposed source would throw there instead of cancelling.
    private readonly CancellationTokenSource _stopping = new();
    private readonly CachedReading<WorkBacklog>? _backlog;
    private readonly CachedReading<IReadOnlyList<GraphClusterPower>>? _power;
    private readonly GraphLabels _graphs;

    public SmoGauges(
        SmoMetrics metrics, GraphLabels graphs, MetricsOptions options, TimeProvider time, ILogger<SmoGauges> logger,
        IOrchestrationStore? durable = null, GraphStore? graphStore = null, ClusterStore? clusters = null)
    {
        _graphs = graphs;
        if (durable is not null)
        {
            _backlog = new(durable.GetBacklogAsync, options.GaugeRefreshInterval, time, e => LogReadFailed(logger, "durable backlog", e));
        }

        if (graphStore is not null && clusters is not null)
        {
            _power = new(async cancellationToken => ModelledPower.Of(await graphStore.ListAsync(cancellationToken), await clusters.ListAsync(cancellationToken: cancellationToken), time.GetUtcNow()),
                options.GaugeRefreshInterval, time, e => LogReadFailed(logger, "modelled power", e));
        }

        var meter = metrics.Meter;
        meter.CreateObservableGauge(MetricFamilies.Instruments.DurableBacklog, ObserveBacklog, "{item}",
            "Work waiting in the durable task hub: orchestration messages due now, activity calls queued or running.");
        meter.CreateObservableGauge(MetricFamilies.Instruments.ModelledPower, () => ObservePower(p => p.Watts), "W",
            "Power a graph's replicas on a cluster draw by Smo's model (the solver's power model and the cluster's energy profile).");
        meter.CreateObservableGauge(MetricFamilies.Instruments.ModelledCarbon, () => ObservePower(p => p.CarbonGramsPerHour), "g/h",
            "Carbon a graph's replicas on a cluster emit by Smo's model, at the cluster's carbon intensity now, gCO2 per hour.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: a database that is slow to answer must not hold the host's start.
        _ = _backlog?.RefreshNowAsync(_stopping.Token);
        _ = _power?.RefreshNowAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        if (_backlog?.Current(_stopping.Token) is not { } backlog)
        {
            return [];
        }

        return
        [
            new(backlog.OrchestrationMessages, new KeyValuePair<string, object?>("queue", "orchestration")),
            new(backlog.ActivityCalls, new KeyValuePair<string, object?>("queue", "activity")),
        ];
    }

    private IEnumerable<Measurement<double>> ObservePower(Func<GraphClusterPower, double> figure) =>
        ByLabels(_power?.Current(_stopping.Token) ?? [], _graphs, figure);

    /// <summary>
    /// One measurement per graph label and cluster: the graphs past the label bound are summed into
    /// <see cref="LabelValues.Other"/> (an observable gauge must not report one label set twice).
    /// </summary>
    internal static IReadOnlyList<Measurement<double>> ByLabels(IEnumerable<GraphClusterPower> figures, GraphLabels graphs, Func<GraphClusterPower, double> figure) =>
        figures
            .GroupBy(p => (Graph: graphs.Of(p.Graph), Cluster: LabelValues.Cluster(p.Cluster)))
            .Select(g => new Measurement<double>(g.Sum(figure),
                new KeyValuePair<string, object?>("graph", g.Key.Graph), new KeyValuePair<string, object?>("cluster", g.Key.Cluster)))
            .ToList();

    [LoggerMessage(LogLevel.Warning, "The {Gauge} gauge could not be read; it reports nothing until a read succeeds")]
    private static partial void LogReadFailed(ILogger logger, string gauge, Exception exception);
}
