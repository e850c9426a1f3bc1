using Microsoft.Extensions.Options;

namespace Smo.Adapters.Prometheus;

/// <summary>Per-service figures from the configured PromQL templates.</summary>
public sealed class PrometheusServiceMetrics(IPrometheusQuery prometheus, IOptions<PrometheusOptions> options) : IServiceMetrics
{
    public Task<double?> GetRequestRateAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.RequestRateQuery, service, window, cancellationToken);

    public Task<double?> GetLatencyAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.LatencyQuery, service, window, cancellationToken);

    public Task<double?> GetCpuUtilizationAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.CpuUtilizationQuery, service, window, cancellationToken);

    private async Task<double?> SingleValueAsync(string template, string service, TimeSpan window, CancellationToken cancellationToken)
    {
        var promql = PromQl.Fill(template, service, window);
        var samples = await prometheus.QueryAsync(promql, cancellationToken: cancellationToken);
        return samples.Count switch
        {
            0 => null,
            1 => double.IsNaN(samples[0].Value) ? null : samples[0].Value,
            // A template that does not aggregate to one series would silently pick an arbitrary pod.
            _ => throw new AdapterException(ExternalSystem.Prometheus, $"query '{promql}'", AdapterFailure.InvalidResponse,
                $"expected one series for service {service}, got {samples.Count}; the query template must aggregate (sum ... by (service))"),
        };
    }
}
