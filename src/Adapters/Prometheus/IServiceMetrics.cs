namespace Smo.Adapters.Prometheus;

/// <summary>
/// The per-service figures scaling uses. Null means Prometheus has no data for the service (no series, or NaN such
/// as a latency with no requests) — which callers must not confuse with a measured 0.
/// </summary>
public interface IServiceMetrics
{
    /// <summary>Requests per second over <paramref name="window"/>.</summary>
    Task<double?> GetRequestRateAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requests per second over <paramref name="window"/> of each of <paramref name="services"/>, keyed by name, from
    /// one query (one per <see cref="PrometheusOptions.ServicesPerQuery"/> names): what a tick or a look asks instead of
    /// one query per service. A service Prometheus has no data for is absent — not 0.
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> GetRequestRatesAsync(
        IReadOnlyCollection<string> services, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Mean request latency in seconds over <paramref name="window"/>.</summary>
    Task<double?> GetLatencyAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>CPU use as a percentage of the CPU limits over <paramref name="window"/>.</summary>
    Task<double?> GetCpuUtilizationAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);
}
