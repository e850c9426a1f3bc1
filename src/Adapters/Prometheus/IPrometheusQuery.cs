namespace Smo.Adapters.Prometheus;

/// <summary>PromQL queries against the Prometheus HTTP API: instant (one sample per series) and over a range.</summary>
public interface IPrometheusQuery
{
    /// <summary>The samples of <paramref name="promql"/>; empty when no series matched (no data, not zero).</summary>
    Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, DateTimeOffset? time = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The series of <paramref name="promql"/> evaluated every <paramref name="step"/> from <paramref name="start"/> to
    /// <paramref name="end"/> (<c>/api/v1/query_range</c>), each with its points oldest first; a step where a series has
    /// no value is absent from it. A range of more points than Prometheus answers in one query is asked in parts.
    /// </summary>
    Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(
        string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default);
}
