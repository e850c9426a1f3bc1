namespace Smo.Adapters.Prometheus;

/// <summary>
/// The per-service figures scaling uses. Null means Prometheus has no data for the service (no series, or NaN such
/// as a latency with no requests) — which callers must not confuse with a measured 0.
/// </summary>
public interface IServiceMetrics
{
    /// <summary>Requests per second over <paramref name="window"/>.</summary>
    Task<double?> GetRequestRateAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Mean request latency in seconds over <paramref name="window"/>.</summary>
    Task<double?> GetLatencyAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>CPU use as a percentage of the CPU limits over <paramref name="window"/>.</summary>
    Task<double?> GetCpuUtilizationAsync(string service, TimeSpan window, CancellationToken cancellationToken = default);
}
