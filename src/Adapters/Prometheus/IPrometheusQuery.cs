namespace Smo.Adapters.Prometheus;

/// <summary>Instant PromQL queries against the Prometheus HTTP API.</summary>
public interface IPrometheusQuery
{
    /// <summary>The samples of <paramref name="promql"/>; empty when no series matched (no data, not zero).</summary>
    Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, DateTimeOffset? time = null, CancellationToken cancellationToken = default);
}
