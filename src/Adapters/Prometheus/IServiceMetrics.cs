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
    /// Requests per second over <paramref name="window"/> of each of <paramref name="services"/> — a service in its
    /// namespace, so a pod of another project labelled with the same service name counts for nothing — from one query
    /// (naming at most <see cref="PrometheusOptions.ServicesPerQuery"/> services): what a tick or a look asks instead
    /// of one query per service. A service Prometheus has no data for is absent — not 0.
    /// </summary>
    Task<IReadOnlyDictionary<ScopedService, double>> GetRequestRatesAsync(
        IReadOnlyCollection<ScopedService> services, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>
    /// The request rate of each of <paramref name="services"/> (in its namespace) every <paramref name="step"/> from
    /// <paramref name="start"/> to <paramref name="end"/>, each point the rate over <paramref name="window"/> before
    /// it: the request-rates query of <see cref="GetRequestRatesAsync"/> asked over a range, one query for up to
    /// <see cref="PrometheusOptions.ServicesPerQuery"/> services. A service Prometheus has no data for is absent; a
    /// step without data is NaN.
    /// </summary>
    Task<IReadOnlyDictionary<ScopedService, RequestRateHistory>> GetRequestRateHistoryAsync(
        IReadOnlyCollection<ScopedService> services, TimeSpan window, DateTimeOffset start, DateTimeOffset end, TimeSpan step,
        CancellationToken cancellationToken = default);

    /// <summary>Mean request latency in seconds over <paramref name="window"/>.</summary>
    Task<double?> GetLatencyAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>CPU use as a percentage of the CPU limits over <paramref name="window"/>.</summary>
    Task<double?> GetCpuUtilizationAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);
}

/// <summary>A service as its metrics are labelled: its namespace (the graph's project) and its name.</summary>
public readonly record struct ScopedService(string Namespace, string Service)
{
    public override string ToString() => $"{Namespace}/{Service}";
}

/// <summary>A service's request rates (requests/s) every <paramref name="Step"/> from <paramref name="Start"/>, oldest first; NaN where there was no data.</summary>
public sealed record RequestRateHistory(DateTimeOffset Start, TimeSpan Step, IReadOnlyList<double> Values);
